//! Risk-based sampling: key items tested 100 %, the rest by tonne-unit
//! (probability proportional to t CO₂e, the emissions analogue of
//! monetary-unit sampling) or simple random selection. Seeded, reproducible
//! on every platform, and extendable: each record's selection key depends only
//! on the seed and its id, so adding records or enlarging the sample keeps
//! the earlier selection.
//!
//! Sample sizes for attribute tests follow the AICPA Audit Sampling Guide's
//! statistical tables (Tables ): the smallest n for which the
//! binomial probability of finding at most ⌈n × expected rate⌉ deviations,
//! when the true rate is the tolerable rate, does not exceed the risk
//! (1 − confidence).

use crate::calc::inventory::Inventory;
use crate::model::Project;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The largest sample the tables give; beyond it the test is not cost-effective.
pub const MAX_SAMPLE: u32 = 2_000;

/// P(X ≤ k) for X ~ Binomial(n, p).
fn binomial_cdf(k: u32, n: u32, p: f64) -> f64 {
    // Terms by recurrence from P(X = 0), in logs to stay finite for large n.
    let ln_q = (1.0 - p).ln();
    let mut ln_term = f64::from(n) * ln_q;
    let mut sum = ln_term.exp();
    for i in 1..=k.min(n) {
        ln_term += (f64::from(n - i + 1) / f64::from(i)).ln() + p.ln() - ln_q;
        sum += ln_term.exp();
    }
    sum.min(1.0)
}

/// Sample size for an attribute test (confidence, tolerable and expected rates as
/// fractions, e.g. 0.95, 0.05, 0.01), or why there is none.
pub fn sample_size(confidence: f64, tolerable: f64, expected: f64) -> Result<u32, String> {
    if !(0.5..1.0).contains(&confidence) {
        return Err("confidence must be between 0.5 and 1 (e.g. 0.95)".into());
    }
    if !(tolerable > 0.0 && tolerable < 1.0) {
        return Err("the tolerable deviation rate must be between 0 and 1 (e.g. 0.05)".into());
    }
    if !(0.0..tolerable).contains(&expected) {
        return Err(
            "the expected deviation rate must be at least 0 and below the tolerable rate".into(),
        );
    }
    let risk = 1.0 - confidence;
    for n in 1..=MAX_SAMPLE {
        // The tables' expected deviations are rounded up; a tiny allowance absorbs
        // float noise in n × rate (e.g. 100 × 0.01).
        let k = (f64::from(n) * expected - 1e-9).ceil().max(0.0) as u32;
        if binomial_cdf(k, n, tolerable) <= risk + 1e-12 {
            return Ok(n);
        }
    }
    Err(format!(
        "more than {MAX_SAMPLE} items: too large to be cost-effective (the tables' '*'); raise the tolerable rate or test 100 %"
    ))
}

/// How the non-key population is sampled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Method {
    /// Probability proportional to t CO₂e.
    TonneUnit,
    SimpleRandom,
}

impl Method {
    pub const ALL: [Method; 2] = [Method::TonneUnit, Method::SimpleRandom];

    /// The stable name on the command line and in the audit trail.
    pub fn key(self) -> &'static str {
        match self {
            Method::TonneUnit => "tonne-unit",
            Method::SimpleRandom => "simple-random",
        }
    }

    /// The name a saved [`crate::model::SamplePlan`] records (fixed since project format 1).
    pub fn plan_name(self) -> &'static str {
        match self {
            Method::TonneUnit => "TonneUnit",
            Method::SimpleRandom => "SimpleRandom",
        }
    }

    /// The method a saved plan names.
    pub fn from_plan_name(name: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.plan_name() == name)
    }

    pub fn label(self) -> &'static str {
        match self {
            Method::TonneUnit => "tonne-unit (probability proportional to t CO2e)",
            Method::SimpleRandom => "simple random",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Method::TonneUnit => "按吨抽样（抽中概率与排放量成正比）",
            Method::SimpleRandom => "简单随机抽样",
        }
    }

    /// The words for a saved plan's method (its stored name when unknown).
    pub fn plan_words(name: &str) -> (&str, &str) {
        Method::from_plan_name(name).map_or((name, name), |m| (m.label(), m.label_zh()))
    }
}

/// Which records the sample is drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub enum Population {
    /// Every record of the inventory.
    #[default]
    Inventory,
    /// The records attributed to a CBAM good's process (a share above 0),
    /// for verifying the goods' embedded emissions.
    CbamGoods,
}

impl Population {
    pub const ALL: [Population; 2] = [Population::Inventory, Population::CbamGoods];

    /// The stable name on the command line and in the audit trail.
    pub fn key(self) -> &'static str {
        match self {
            Population::Inventory => "inventory",
            Population::CbamGoods => "cbam-goods",
        }
    }

    pub fn from_key(key: &str) -> Option<Population> {
        Population::ALL.into_iter().find(|p| p.key() == key)
    }

    /// The name a saved plan records: empty for the inventory (as plans
    /// made before populations existed), `cbam-goods` otherwise.
    pub fn plan_name(self) -> &'static str {
        match self {
            Population::Inventory => "",
            Population::CbamGoods => "cbam-goods",
        }
    }

    pub fn from_plan_name(name: &str) -> Option<Population> {
        Population::ALL.into_iter().find(|p| p.plan_name() == name)
    }

    pub fn label(self) -> &'static str {
        match self {
            Population::Inventory => "all records of the inventory",
            Population::CbamGoods => "records attributed to CBAM goods",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Population::Inventory => "清单全部记录",
            Population::CbamGoods => "分配给CBAM货物的记录",
        }
    }

    /// The records (indices into `Project::activity`) of the population;
    /// `None` for every record.
    pub fn members(self, p: &Project) -> Option<std::collections::HashSet<usize>> {
        match self {
            Population::Inventory => None,
            Population::CbamGoods => Some(
                crate::calc::cbam_goods::compute(p)
                    .into_iter()
                    .flatten()
                    .flat_map(|r| r.processes)
                    .flat_map(|g| g.records)
                    .filter(|a| a.share > 0.0)
                    .map(|a| a.record)
                    .collect(),
            ),
        }
    }
}

/// How a sample is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    pub seed: u64,
    /// Key items: records at or above this percentage of the population's
    /// total, tested 100 %.
    pub key_pct: f64,
    /// Items to sample besides the key items.
    pub size: usize,
    pub method: Method,
    /// The records drawn from (every record, or those of CBAM goods).
    pub population: Population,
}

/// Why an item is in the sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Reason {
    /// At or above the key-item threshold: tested 100 %.
    KeyItem,
    Sampled,
}

/// One selected record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SampleItem {
    pub record_id: String,
    pub reason: Reason,
    pub t_co2e: f64,
    /// Order of selection within the sampled part (0 = first), stable under extension.
    pub rank: usize,
}

/// A uniform number in (0, 1) from the seed and a record id (SHA-256), identical on every platform.
pub fn uniform(seed: u64, id: &str) -> f64 {
    let mut h = Sha256::new();
    h.update(seed.to_be_bytes());
    h.update(id.as_bytes());
    let d = h.finalize();
    let mut b = [0u8; 8];
    b.copy_from_slice(&d[..8]);
    ((u64::from_be_bytes(b) >> 11) as f64 + 0.5) / (1u64 << 53) as f64
}

/// Selects the sample: every record whose inventory contribution is at least
/// `key_pct` % of the total, then `size` more from the rest. Tonne-unit
/// selection uses exponential keys −ln(u)/w (Efraimidis and Spirakis, 2006),
/// which draws without replacement with probability proportional to w.
pub fn select(p: &Project, inv: &Inventory, params: &Params) -> Vec<SampleItem> {
    let Params {
        seed,
        key_pct,
        size,
        method,
        population,
    } = *params;
    let members = population.members(p);
    let within = |i: &usize| members.as_ref().is_none_or(|m| m.contains(i));
    // Key items are measured against the population's total.
    let total = match &members {
        None => inv.total_t_co2e,
        Some(m) => m.iter().map(|&i| inv.records[i].location_t).sum(),
    };
    let threshold = total.abs() * key_pct / 100.0;
    let mut key_items = Vec::new();
    let mut rest: Vec<(f64, &str, f64)> = Vec::new();
    for (i, (r, res)) in p.activity.iter().zip(&inv.records).enumerate() {
        if !within(&i) {
            continue;
        }
        let t = res.location_t;
        if threshold > 0.0 && t.abs() >= threshold {
            key_items.push(SampleItem {
                record_id: r.id.clone(),
                reason: Reason::KeyItem,
                t_co2e: t,
                rank: 0,
            });
            continue;
        }
        let u = uniform(seed, &r.id);
        let key = match method {
            Method::SimpleRandom => u,
            Method::TonneUnit if t > 0.0 => -u.ln() / t,
            Method::TonneUnit => continue, // nothing to weigh: never selected by tonnes
        };
        rest.push((key, r.id.as_str(), t));
    }
    rest.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
    key_items.sort_by(|a, b| a.record_id.cmp(&b.record_id));
    key_items.extend(
        rest.into_iter()
            .take(size)
            .enumerate()
            .map(|(rank, (_, id, t))| SampleItem {
                record_id: id.to_string(),
                reason: Reason::Sampled,
                t_co2e: t,
                rank,
            }),
    );
    key_items
}

/// The sample as it is saved in the project.
pub fn plan_record(
    p: &Project,
    inv: &Inventory,
    params: &Params,
    items: &[SampleItem],
) -> crate::model::SamplePlan {
    let Params {
        seed,
        key_pct,
        size,
        method,
        population,
    } = *params;
    let members = population.members(p);
    let key_items: Vec<String> = items
        .iter()
        .filter(|i| i.reason == Reason::KeyItem)
        .map(|i| i.record_id.clone())
        .collect();
    let keys: std::collections::HashSet<&str> = key_items.iter().map(String::as_str).collect();
    let in_population =
        |i: usize, id: &str| !keys.contains(id) && members.as_ref().is_none_or(|m| m.contains(&i));
    let population_t: f64 = p
        .activity
        .iter()
        .zip(&inv.records)
        .enumerate()
        .filter(|(i, (r, _))| in_population(*i, &r.id))
        .map(|(_, (_, res))| res.location_t.max(0.0))
        .sum();
    let population_count = p
        .activity
        .iter()
        .enumerate()
        .filter(|(i, r)| in_population(*i, &r.id))
        .count();
    crate::model::SamplePlan {
        seed,
        method: method.plan_name().to_string(),
        key_pct,
        size,
        sampled: items
            .iter()
            .filter(|i| i.reason == Reason::Sampled)
            .map(|i| i.record_id.clone())
            .collect(),
        population_count,
        key_items,
        population_t,
        population: population.plan_name().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// AICPA Audit Sampling Guide, Table A-1 (5 % risk of overreliance, i.e. 95 %
    /// confidence) and Table A-2 (10 % risk): sample size (expected deviations).
    #[test]
    fn matches_the_aicpa_tables() {
        let cases: &[(f64, f64, f64, u32)] = &[
            // Table A-1, 95 %
            (0.95, 0.02, 0.0, 149),
            (0.95, 0.03, 0.0, 99),
            (0.95, 0.05, 0.0, 59),
            (0.95, 0.10, 0.0, 29),
            (0.95, 0.05, 0.01, 93),
            (0.95, 0.05, 0.02, 181),
            (0.95, 0.10, 0.02, 46),
            (0.95, 0.04, 0.01, 156),
            // Table A-2, 90 %
            (0.90, 0.05, 0.0, 45),
            (0.90, 0.10, 0.0, 22),
            (0.90, 0.05, 0.01, 77),
            (0.90, 0.03, 0.0, 76),
        ];
        for &(c, t, e, n) in cases {
            assert_eq!(
                sample_size(c, t, e),
                Ok(n),
                "confidence {c}, tolerable {t}, expected {e}"
            );
        }
        assert!(sample_size(0.95, 0.02, 0.019).is_err(), "the tables' '*'");
        assert!(sample_size(0.95, 0.05, 0.05).is_err());
    }

    #[test]
    fn binomial() {
        assert!((binomial_cdf(0, 59, 0.05) - 0.95f64.powi(59)).abs() < 1e-12);
        assert!(
            (binomial_cdf(1, 93, 0.05) - (0.95f64.powi(93) + 93.0 * 0.05 * 0.95f64.powi(92))).abs()
                < 1e-12
        );
        assert!((binomial_cdf(93, 93, 0.05) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn uniform_is_stable_and_in_range() {
        let u = uniform(42, "A00001");
        assert_eq!(u, uniform(42, "A00001"));
        assert_ne!(u, uniform(43, "A00001"));
        assert!(u > 0.0 && u < 1.0);
    }
}
