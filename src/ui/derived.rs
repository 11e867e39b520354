//! The analysis of the open project (`audit::analyse`) and its readiness
//! gaps, cached against the document and revision they were computed for —
//! never stored in the project.

use crate::audit::{Analysis, Area, Gap, analyse, readiness};
use crate::model::Project;
use std::sync::Arc;

pub use crate::audit::analysis::EntityBar;

/// Projects up to this many records are recomputed within the frame; larger
/// ones on a background thread (1M records take 0.5–0.8 s).
pub const INLINE_RECORDS: usize = 20_000;

/// How many entities the top-entities chart shows.
pub const TOP_ENTITIES: usize = 15;

/// An analysis with its gaps, or the engine's reason there is none (with
/// the gaps that need no inventory).
pub type Derived = Result<(Arc<Analysis>, Vec<Gap>), (ErrorText, Vec<Gap>)>;

/// Why there is no analysis, in both languages (the language can change
/// while the message is shown).
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorText {
    pub en: String,
    pub zh: String,
}

impl ErrorText {
    /// A message that is already in the language it is shown in.
    pub fn same(text: String) -> ErrorText {
        ErrorText {
            zh: text.clone(),
            en: text,
        }
    }

    pub fn get(&self, lang: super::i18n::Lang) -> &str {
        match lang {
            super::i18n::Lang::Zh => &self.zh,
            super::i18n::Lang::En => &self.en,
        }
    }
}

/// The analysis (with the analytical checks) and the readiness gaps.
pub fn compute(p: &Project) -> Derived {
    match analyse(p, true) {
        Ok(a) => {
            let gaps = readiness(p, &a);
            Ok((Arc::new(a), gaps))
        }
        Err(e) => {
            let msg = e.to_string();
            let gaps = crate::audit::readiness::readiness_uncomputable(p, &msg);
            Err((
                ErrorText {
                    en: msg,
                    zh: e.zh(),
                },
                gaps,
            ))
        }
    }
}

/// The cached analysis and what is being recomputed.
#[derive(Default)]
pub struct DerivedCache {
    /// The document and revision the cached result belongs to (0 = none).
    pub doc_id: u64,
    pub revision: u64,
    pub analysis: Option<Arc<Analysis>>,
    pub error: Option<ErrorText>,
    /// What stands between the project and a complete verification.
    pub gaps: Vec<Gap>,
    /// The revision a background computation is working on.
    pub computing: Option<u64>,
    /// The total before the latest change, to show each change's effect.
    pub previous_total_t: Option<f64>,
}

impl DerivedCache {
    /// Stores a result for `revision` of document `doc_id`.
    pub fn set(&mut self, doc_id: u64, revision: u64, result: Derived) {
        let old = self.analysis.as_ref().map(|a| a.inventory.total_t_co2e);
        match result {
            Ok((a, gaps)) => {
                if old.is_some_and(|o| o != a.inventory.total_t_co2e) {
                    self.previous_total_t = old;
                }
                if let Some(before) = self.analysis.replace(a)
                    && before.inventory.records.len() >= super::jobs::DROP_ASIDE_FROM
                {
                    // A million records' lines: freed off the UI thread.
                    super::jobs::drop_aside(before);
                }
                self.error = None;
                self.gaps = gaps;
            }
            Err((e, gaps)) => {
                self.error = Some(e);
                self.gaps = gaps;
            }
        }
        self.doc_id = doc_id;
        self.revision = revision;
    }

    /// Forgets everything (another project was opened).
    pub fn clear(&mut self) {
        *self = DerivedCache::default();
    }

    pub fn total_t(&self) -> Option<f64> {
        self.analysis.as_ref().map(|a| a.inventory.total_t_co2e)
    }

    /// Whether the cache is for this document and revision (a result or a
    /// failure: either way it is not computed again until the project changes).
    pub fn is_current(&self, doc_id: u64, revision: u64) -> bool {
        self.doc_id == doc_id && self.revision == revision
    }

    /// The analysis of exactly this document and revision: none when that
    /// revision could not be analysed (the one shown is then an earlier one's).
    pub fn current(&self, doc_id: u64, revision: u64) -> Option<&Arc<Analysis>> {
        (self.is_current(doc_id, revision) && self.error.is_none())
            .then_some(self.analysis.as_ref())
            .flatten()
    }

    /// The gaps in one area of the verification.
    pub fn gaps_in(&self, area: Area) -> impl Iterator<Item = &Gap> {
        self.gaps.iter().filter(move |g| g.area() == area)
    }
}
