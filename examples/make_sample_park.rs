//! Generates `sample-projects/jinghai-park/jinghai-park.ron`, the bundled
//! synthetic sample park, and the same data as a template workbook
//! (`jinghai-park-activity.xlsx`). Run with `cargo run --example make_sample_park`.
//!
//! The data is synthetic: entity names, ownerships and quantities are
//! invented, sized so the park emits a few Mt CO₂e a year like a mid-size
//! Chinese industrial park. Factor values are those cited in each factor's
//! `source`; values marked "synthetic" are illustrative site-specific figures.

use parkaudit::model::*;
use std::path::Path;

/// A deterministic pseudo-random sequence (xorshift), so the sample is reproducible.
struct Rng(u64);
impl Rng {
    fn next_f64(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn factor(
    id: &str,
    description: &str,
    unit: Unit,
    comps: &[(Gas, f64)],
    source: &str,
    year: Option<i32>,
    region: &str,
) -> EmissionFactor {
    EmissionFactor {
        id: id.into(),
        description: description.into(),
        unit,
        components: comps
            .iter()
            .map(|&(gas, kg_per_unit)| GasComponent::new(gas, kg_per_unit))
            .collect(),
        source: source.into(),
        year,
        region: region.into(),
        activity_key: None,
        derivation: None,
        library_version: None,
    }
}

fn factors() -> Vec<EmissionFactor> {
    use Gas::*;
    // Site-specific and contractual factors; every other factor comes from the
    // bundled library (frozen into the project with its version).
    vec![
        factor(
            "market.gec.wind_solar",
            "Electricity covered by retired green electricity certificates (market-based)",
            Unit::MWh,
            &[(Co2, 0.0)],
            "GHG Protocol Scope 2 Guidance, market-based method: renewable electricity backed by retired GECs counts at 0 kg CO2/kWh",
            None,
            "CN",
        ),
        factor(
            "site.e15.glass_carbonates",
            "Flat glass, carbonate decomposition",
            Unit::Tonne,
            &[(Co2, 190.0)],
            "Synthetic site-specific value: plant mass balance of carbonate raw materials, sample data",
            Some(2024),
            "site",
        ),
        factor(
            "site.s02.wastewater_ch4",
            "Industrial wastewater treatment, anaerobic stage",
            Unit::M3,
            &[(Ch4NonFossil, 0.0125)],
            "Synthetic site-specific value: COD 0.5 kg/m3 x B0 0.25 kg CH4/kg COD x MCF 0.1 (IPCC 2006 GL Vol. 5 ch. 6 method), sample data",
            Some(2024),
            "site",
        ),
        factor(
            "site.e19.nf3_chamber_clean",
            "NF3 used in chamber cleaning, emitted after abatement",
            Unit::Kg,
            &[(Nf3, 0.2)],
            "Synthetic site-specific value: 20 % of NF3 used leaves the abatement system, sample data",
            Some(2024),
            "site",
        ),
        factor(
            "supplier.steel_billet",
            "Purchased steel billets (cradle-to-gate)",
            Unit::Tonne,
            &[(Co2e, 2_000.0)],
            "Synthetic supplier-specific declaration, sample data",
            Some(2024),
            "CN",
        ),
        factor(
            "site.waste.landfill",
            "Industrial waste sent to landfill",
            Unit::Tonne,
            &[(Co2e, 500.0)],
            "Synthetic value from the waste contractor's declaration, sample data",
            Some(2024),
            "CN",
        ),
    ]
}

struct Source {
    scope: u8,
    category: u8,
    activity: &'static str,
    unit: Unit,
    annual: f64,
    factor: &'static str,
    market: Option<&'static str>,
    /// Monthly profile: Flat, Heating (winter-heavy) or Cooling (summer-heavy).
    profile: Profile,
}

#[derive(Clone, Copy)]
enum Profile {
    Flat,
    Heating,
    Cooling,
}

fn src(
    scope: u8,
    category: u8,
    activity: &'static str,
    unit: Unit,
    annual: f64,
    factor: &'static str,
) -> Source {
    Source {
        scope,
        category,
        activity,
        unit,
        annual,
        factor,
        market: None,
        profile: Profile::Flat,
    }
}

fn elec(annual_mwh: f64) -> Source {
    Source {
        market: Some("cn.mee.grid.national.residual.2023"),
        ..src(
            2,
            2,
            "grid_electricity",
            Unit::MWh,
            annual_mwh,
            "cn.mee.grid.national.2023",
        )
    }
}

struct Ent {
    id: &'static str,
    name: &'static str,
    name_zh: &'static str,
    sector: &'static str,
    kind: EntityKind,
    own: f64,
    op: bool,
    fin: bool,
    excluded: Option<&'static str>,
    sources: Vec<Source>,
}

fn tenant(
    id: &'static str,
    name: &'static str,
    name_zh: &'static str,
    sector: &'static str,
    sources: Vec<Source>,
) -> Ent {
    Ent {
        id,
        name,
        name_zh,
        sector,
        kind: EntityKind::Tenant,
        own: 100.0,
        op: true,
        fin: true,
        excluded: None,
        sources,
    }
}

fn entities() -> Vec<Ent> {
    use Profile::*;
    let t = Unit::Tonne;
    let mut v = vec![
        tenant(
            "E01",
            "Jinghai Iron & Steel Co., Ltd.",
            "京海钢铁有限公司",
            "steel",
            vec![
                src(1, 1, "coke_reductant", t, 380_000.0, "cn.gbt32150.coke"),
                src(1, 1, "coal_injection", t, 140_000.0, "cn.gbt32150.raw_coal"),
                src(
                    1,
                    1,
                    "natural_gas_reheating",
                    Unit::TenThousandNm3,
                    2_400.0,
                    "cn.gbt32150.natural_gas",
                ),
                src(
                    1,
                    1,
                    "lime_calcination",
                    t,
                    90_000.0,
                    "ipcc2006.process.lime_high_calcium",
                ),
                elec(780_000.0),
            ],
        ),
        tenant(
            "E02",
            "Jinghai Special Steel (EAF) Co., Ltd.",
            "京海特钢有限公司",
            "steel",
            vec![
                src(
                    1,
                    1,
                    "natural_gas_ladle_heating",
                    Unit::TenThousandNm3,
                    1_900.0,
                    "cn.gbt32150.natural_gas",
                ),
                elec(310_000.0),
            ],
        ),
        Ent {
            own: 60.0,
            ..tenant(
                "E03",
                "Bohai Seamless Pipe Co., Ltd.",
                "渤海无缝钢管有限公司",
                "steel",
                vec![
                    src(
                        1,
                        1,
                        "natural_gas_reheating",
                        Unit::TenThousandNm3,
                        850.0,
                        "cn.gbt32150.natural_gas",
                    ),
                    elec(96_000.0),
                    src(
                        3,
                        4,
                        "purchased_steel_billet",
                        t,
                        260_000.0,
                        "supplier.steel_billet",
                    ),
                ],
            )
        },
        tenant(
            "E04",
            "Jinghai Haixing Cement Co., Ltd.",
            "京海海星水泥有限公司",
            "cement",
            vec![
                src(
                    1,
                    1,
                    "clinker_calcination",
                    t,
                    1_450_000.0,
                    "ipcc2006.process.clinker",
                ),
                src(1, 1, "kiln_coal", t, 185_000.0, "cn.gbt32150.raw_coal"),
                src(
                    1,
                    1,
                    "diesel_site_vehicles",
                    t,
                    1_200.0,
                    "cn.gbt32150.diesel",
                ),
                elec(118_000.0),
            ],
        ),
        Ent {
            own: 35.0,
            op: false,
            fin: false,
            ..tenant(
                "E05",
                "Coastal Cement Grinding Station",
                "滨海水泥粉磨站",
                "cement",
                vec![elec(42_000.0)],
            )
        },
        tenant(
            "E06",
            "Huanghai Fertiliser Co., Ltd.",
            "黄海化肥有限公司",
            "fertiliser",
            vec![
                src(
                    1,
                    1,
                    "natural_gas_feedstock_fuel",
                    Unit::TenThousandNm3,
                    21_000.0,
                    "cn.gbt32150.natural_gas",
                ),
                src(
                    1,
                    1,
                    "nitric_acid_production",
                    t,
                    110_000.0,
                    "ipcc2006.process.nitric_acid_mp",
                ),
                elec(205_000.0),
            ],
        ),
        tenant(
            "E07",
            "Jinghai Chlor-Alkali Co., Ltd.",
            "京海氯碱化工有限公司",
            "chemicals",
            vec![
                elec(520_000.0),
                Source {
                    profile: Heating,
                    ..src(
                        2,
                        2,
                        "purchased_steam",
                        Unit::GJ,
                        1_600_000.0,
                        "cn.mee.heat.purchased",
                    )
                },
            ],
        ),
        tenant(
            "E08",
            "Xinghe Fine Chemicals Co., Ltd.",
            "星河精细化工有限公司",
            "chemicals",
            vec![
                src(
                    1,
                    1,
                    "natural_gas_boiler",
                    Unit::TenThousandNm3,
                    640.0,
                    "cn.gbt32150.natural_gas",
                ),
                Source {
                    profile: Heating,
                    ..src(
                        2,
                        2,
                        "purchased_steam",
                        Unit::GJ,
                        420_000.0,
                        "cn.mee.heat.purchased",
                    )
                },
                elec(38_000.0),
            ],
        ),
        Ent {
            own: 45.0,
            op: true,
            fin: false,
            ..tenant(
                "E09",
                "Lanhai Coatings & Resins Co., Ltd.",
                "蓝海涂料树脂有限公司",
                "chemicals",
                vec![
                    src(
                        1,
                        1,
                        "natural_gas_thermal_oil",
                        Unit::TenThousandNm3,
                        180.0,
                        "cn.gbt32150.natural_gas",
                    ),
                    elec(14_500.0),
                ],
            )
        },
        tenant(
            "E10",
            "Jinghai Aluminium Smelter Co., Ltd.",
            "京海电解铝有限公司",
            "aluminium",
            vec![
                src(
                    1,
                    1,
                    "primary_aluminium_cwpb",
                    t,
                    120_000.0,
                    "ipcc2006.process.aluminium_cwpb",
                ),
                elec(1_620_000.0),
            ],
        ),
        Ent {
            own: 51.0,
            ..tenant(
                "E11",
                "Bohai Aluminium Extrusion Co., Ltd.",
                "渤海铝型材有限公司",
                "aluminium",
                vec![
                    src(
                        1,
                        1,
                        "natural_gas_homogenising",
                        Unit::TenThousandNm3,
                        420.0,
                        "cn.gbt32150.natural_gas",
                    ),
                    elec(64_000.0),
                ],
            )
        },
        tenant(
            "E12",
            "Haiyun Textile Dyeing Co., Ltd.",
            "海韵印染有限公司",
            "textiles",
            vec![
                Source {
                    profile: Heating,
                    ..src(
                        2,
                        2,
                        "purchased_steam",
                        Unit::GJ,
                        690_000.0,
                        "cn.mee.heat.purchased",
                    )
                },
                elec(46_000.0),
            ],
        ),
        tenant(
            "E13",
            "Jinghai Cotton Spinning Co., Ltd.",
            "京海棉纺有限公司",
            "textiles",
            vec![elec(88_000.0)],
        ),
        tenant(
            "E14",
            "Meiya Garments Co., Ltd.",
            "美雅服装有限公司",
            "textiles",
            vec![Source {
                profile: Cooling,
                ..elec(6_200.0)
            }],
        ),
        tenant(
            "E15",
            "Jinghai Float Glass Co., Ltd.",
            "京海浮法玻璃有限公司",
            "glass",
            vec![
                src(
                    1,
                    1,
                    "natural_gas_furnace",
                    Unit::TenThousandNm3,
                    5_200.0,
                    "cn.gbt32150.natural_gas",
                ),
                src(
                    1,
                    1,
                    "glass_carbonate_decomposition",
                    t,
                    520_000.0,
                    "site.e15.glass_carbonates",
                ),
                elec(72_000.0),
            ],
        ),
        tenant(
            "E16",
            "Fengshou Food Processing Co., Ltd.",
            "丰收食品加工有限公司",
            "food",
            vec![
                src(
                    1,
                    1,
                    "natural_gas_boiler",
                    Unit::TenThousandNm3,
                    210.0,
                    "cn.gbt32150.natural_gas",
                ),
                src(
                    1,
                    1,
                    "biogas_boiler",
                    Unit::GJ,
                    85_000.0,
                    "ipcc2006.stationary.manufacturing.biogas.energy",
                ),
                Source {
                    profile: Cooling,
                    ..elec(31_000.0)
                },
                src(
                    1,
                    1,
                    "refrigerant_r404a_topup",
                    Unit::Kg,
                    420.0,
                    "fugitive.r404a",
                ),
            ],
        ),
        tenant(
            "E17",
            "Jinghai Port Logistics Co., Ltd.",
            "京海港口物流有限公司",
            "logistics",
            vec![
                src(
                    1,
                    1,
                    "diesel_trucks",
                    t,
                    9_800.0,
                    "ipcc2006.mobile.diesel_vehicles",
                ),
                src(
                    1,
                    1,
                    "gasoline_vans",
                    t,
                    650.0,
                    "ipcc2006.mobile.gasoline_vehicles",
                ),
                elec(12_000.0),
            ],
        ),
        tenant(
            "E18",
            "Haitian Heavy Machinery Co., Ltd.",
            "海天重型机械有限公司",
            "machinery",
            vec![
                src(
                    1,
                    1,
                    "natural_gas_heat_treatment",
                    Unit::TenThousandNm3,
                    360.0,
                    "cn.gbt32150.natural_gas",
                ),
                elec(58_000.0),
            ],
        ),
        tenant(
            "E19",
            "Xinchen Semiconductor Co., Ltd.",
            "芯辰半导体有限公司",
            "electronics",
            vec![
                Source {
                    market: Some("market.gec.wind_solar"),
                    ..elec(142_000.0)
                },
                src(
                    1,
                    1,
                    "nf3_chamber_cleaning",
                    Unit::Kg,
                    18_000.0,
                    "site.e19.nf3_chamber_clean",
                ),
            ],
        ),
        tenant(
            "E20",
            "Jinghai Paper Co., Ltd.",
            "京海纸业有限公司",
            "paper",
            vec![
                Source {
                    profile: Heating,
                    ..src(1, 1, "coal_boiler", t, 96_000.0, "cn.gbt32150.raw_coal")
                },
                src(
                    1,
                    1,
                    "black_liquor_recovery",
                    Unit::GJ,
                    2_300_000.0,
                    "ipcc2006.stationary.manufacturing.black_liquor.energy",
                ),
                elec(110_000.0),
            ],
        ),
        tenant(
            "E21",
            "Kangtai Pharmaceutical Co., Ltd.",
            "康泰制药有限公司",
            "pharmaceuticals",
            vec![
                Source {
                    profile: Heating,
                    ..src(
                        2,
                        2,
                        "purchased_steam",
                        Unit::GJ,
                        150_000.0,
                        "cn.mee.heat.purchased",
                    )
                },
                elec(27_000.0),
                src(
                    1,
                    1,
                    "refrigerant_hfc134a_topup",
                    Unit::Kg,
                    260.0,
                    "fugitive.hfc134a",
                ),
            ],
        ),
        tenant(
            "E22",
            "Bingchuan Cold Chain Warehouse",
            "冰川冷链仓储",
            "logistics",
            vec![
                Source {
                    profile: Cooling,
                    ..elec(21_000.0)
                },
                src(
                    1,
                    1,
                    "refrigerant_r404a_topup",
                    Unit::Kg,
                    1_150.0,
                    "fugitive.r404a",
                ),
            ],
        ),
        tenant(
            "E23",
            "Yunshu Data Centre",
            "云枢数据中心",
            "data_centre",
            vec![
                Source {
                    profile: Cooling,
                    market: Some("market.gec.wind_solar"),
                    ..elec(230_000.0)
                },
                src(
                    1,
                    1,
                    "diesel_backup_generators",
                    t,
                    85.0,
                    "cn.gbt32150.diesel",
                ),
            ],
        ),
        tenant(
            "E24",
            "Hengtong Auto Parts Co., Ltd.",
            "恒通汽车零部件有限公司",
            "machinery",
            vec![
                src(
                    1,
                    1,
                    "natural_gas_paint_ovens",
                    Unit::TenThousandNm3,
                    150.0,
                    "cn.gbt32150.natural_gas",
                ),
                src(1, 1, "lpg_forklifts", t, 240.0, "cn.gbt32150.lpg"),
                elec(41_000.0),
            ],
        ),
        tenant(
            "E25",
            "Jinghai New Energy Materials Co., Ltd.",
            "京海新能源材料有限公司",
            "battery_materials",
            vec![
                elec(165_000.0),
                src(
                    1,
                    1,
                    "natural_gas_calcining",
                    Unit::TenThousandNm3,
                    730.0,
                    "cn.gbt32150.natural_gas",
                ),
            ],
        ),
        Ent {
            excluded: Some(
                "Hotel and conference centre leased to a third-party operator since 2022; outside the industrial boundary under the park management agreement (evidence: lease contract JH-2022-017).",
            ),
            ..tenant(
                "E26",
                "Haibin Hotel & Conference Centre",
                "海滨酒店会议中心",
                "services",
                vec![
                    Source {
                        profile: Cooling,
                        ..elec(9_500.0)
                    },
                    Source {
                        profile: Heating,
                        ..src(
                            1,
                            1,
                            "natural_gas_boiler",
                            Unit::TenThousandNm3,
                            45.0,
                            "cn.gbt32150.natural_gas",
                        )
                    },
                ],
            )
        },
        Ent {
            excluded: Some(
                "Staff dormitory district handed over to the municipal housing authority on 2023-12-31; reported by the municipality (evidence: transfer agreement JH-2023-112).",
            ),
            ..tenant(
                "E27",
                "Jinghai Staff Dormitory District",
                "京海职工宿舍区",
                "residential",
                vec![Source {
                    profile: Heating,
                    ..elec(7_800.0)
                }],
            )
        },
        Ent {
            own: 20.0,
            op: false,
            fin: false,
            ..tenant(
                "E28",
                "Sino-Korea Precision Moulds Co., Ltd.",
                "中韩精密模具有限公司",
                "machinery",
                vec![elec(18_500.0)],
            )
        },
    ];
    let infra = |id, name, name_zh, sector, sources| Ent {
        kind: EntityKind::SharedInfrastructure,
        ..tenant(id, name, name_zh, sector, sources)
    };
    v.extend([
        infra(
            "S01",
            "Park Central Heating Plant (district heat for the new town)",
            "园区集中供热站",
            "utilities",
            vec![
                Source {
                    profile: Heating,
                    ..src(
                        1,
                        1,
                        "natural_gas_district_heat",
                        Unit::TenThousandNm3,
                        4_600.0,
                        "cn.gbt32150.natural_gas",
                    )
                },
                elec(9_000.0),
            ],
        ),
        infra(
            "S02",
            "Park Wastewater Treatment Plant",
            "园区污水处理厂",
            "utilities",
            vec![
                src(
                    1,
                    1,
                    "wastewater_anaerobic_treatment",
                    Unit::M3,
                    14_600_000.0,
                    "site.s02.wastewater_ch4",
                ),
                elec(21_500.0),
            ],
        ),
        infra(
            "S03",
            "Street Lighting and Public Areas",
            "园区路灯及公共区域",
            "utilities",
            vec![Source {
                profile: Heating,
                ..elec(5_400.0)
            }],
        ),
        infra(
            "S04",
            "Park Administration and Fleet",
            "园区管委会及车队",
            "administration",
            vec![
                Source {
                    profile: Cooling,
                    ..elec(3_900.0)
                },
                src(
                    1,
                    1,
                    "gasoline_fleet",
                    t,
                    95.0,
                    "ipcc2006.mobile.gasoline_vehicles",
                ),
                src(
                    3,
                    4,
                    "waste_to_landfill",
                    t,
                    18_000.0,
                    "site.waste.landfill",
                ),
            ],
        ),
        infra(
            "S05",
            "110 kV Park Substation",
            "园区110千伏变电站",
            "utilities",
            vec![src(
                1,
                1,
                "sf6_switchgear_refill",
                Unit::Kg,
                36.0,
                "fugitive.sf6",
            )],
        ),
        infra(
            "S06",
            "Solid Waste Transfer Station",
            "固废中转站",
            "utilities",
            vec![src(
                1,
                1,
                "diesel_compactors",
                t,
                310.0,
                "cn.gbt32150.diesel",
            )],
        ),
    ]);
    v
}

fn weight(profile: Profile, month: u8) -> f64 {
    match profile {
        Profile::Flat => 1.0,
        // Heating season mid-November to mid-March in North China.
        Profile::Heating => {
            [1.8, 1.6, 1.2, 0.8, 0.6, 0.5, 0.5, 0.5, 0.6, 0.8, 1.3, 1.8][usize::from(month - 1)]
        }
        Profile::Cooling => {
            [0.7, 0.7, 0.8, 0.9, 1.1, 1.3, 1.5, 1.5, 1.2, 0.9, 0.7, 0.7][usize::from(month - 1)]
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let year = 2024;
    let mut project = Project::new("Jinghai Coastal Industrial Park (synthetic sample)", year);
    project.park.name_zh = "京海滨海工业园区（虚构示例）".into();
    project.park.province = "Hebei".into();
    project.park.base_year = 2020;
    project.engagement = Engagement {
        client: "Jinghai Coastal Industrial Park Administrative Committee".into(),
        verification_body: "Example Verification Co. (sample)".into(),
        lead_auditor: "Li Ming (sample)".into(),
        assurance: AssuranceLevel::Reasonable,
        materiality_pct: 5.0,
        responsible_party: "Jinghai Coastal Industrial Park Administrative Committee".into(),
        intended_users: "the park's administrative committee, the provincial ecology and environment department, and the EU importers of the park's CBAM goods (sample)".into(),
        accreditation: "CNAS (sample accreditation, not real)".into(),
        place: "Tianjin".into(),
    };
    project.methodology.standard = Standard::Iso14064_1_2018;
    project.methodology.gwp_set = GwpSet::AR5;
    project.factors = factors();

    let mut rng = Rng(0x5EED_2024);
    let mut n = 0;
    for e in entities() {
        project.entities.push(Entity {
            id: e.id.into(),
            name: e.name.into(),
            name_zh: e.name_zh.into(),
            sector: e.sector.into(),
            kind: e.kind,
            ownership_pct: e.own,
            operational_control: e.op,
            financial_control: e.fin,
            included: e.excluded.is_none(),
            exclusion_reason: e.excluded.map(String::from),
        });
        for s in &e.sources {
            let total_w: f64 = (1..=12).map(|m| weight(s.profile, m)).sum();
            for month in 1..=12u8 {
                n += 1;
                // ±6 % month-to-month variation, rounded as a meter or invoice would be.
                let noise = 0.94 + 0.12 * rng.next_f64();
                let raw = s.annual * weight(s.profile, month) / total_w * noise;
                let quantity = if raw >= 100.0 {
                    raw.round()
                } else {
                    (raw * 100.0).round() / 100.0
                };
                project.activity.push(ActivityRecord {
                    id: format!("A{n:05}"),
                    entity_id: e.id.into(),
                    period: Period::new(year, month)?,
                    scope: Scope::try_from(s.scope)?,
                    category: IsoCategory::new(s.category)?,
                    activity: s.activity.into(),
                    quantity,
                    unit: s.unit,
                    factor_id: s.factor.into(),
                    market_factor_id: s.market.map(String::from),
                    evidence_ref: format!(
                        "{}-{year}{month:02}-{}",
                        e.id,
                        s.activity.to_uppercase().replace('_', "-")
                    ),
                    source: None,
                    factor_rule: None,
                    data_type: None,
                });
            }
        }
    }
    // Freeze the library factors the records use, and the GWP values.
    let lib = parkaudit::calc::library::bundled();
    let mut used: Vec<String> = project
        .activity
        .iter()
        .flat_map(|r| std::iter::once(r.factor_id.clone()).chain(r.market_factor_id.clone()))
        .collect();
    used.sort();
    used.dedup();
    for id in used {
        if project.factor(&id).is_none() {
            let f = lib
                .factor(&id)
                .ok_or_else(|| format!("{id} is neither site-specific nor in the library"))?;
            project.factors.push(f.factor.clone());
        }
    }
    project.gwp_snapshot = Some(parkaudit::calc::gwp::snapshot(project.methodology.gwp_set));
    // The data centre's green electricity certificates; the semiconductor plant's claim has none recorded
    // (the scope 2 instrument check flags it).
    project.instruments.push(ContractualInstrument {
        id: "GEC-2024-E23-001".into(),
        kind: "GEC".into(),
        entity_id: "E23".into(),
        vintage: year,
        quantity_mwh: 232_000.0,
        evidence_ref: "GEC registry retirement statement 2024-E23-001 (sample)".into(),
    });
    project.cbam = Some(cbam_section());
    project.claims = Some(claims_section());
    // How each quantity was obtained, as the tenants' workbooks state it:
    // fiscal meters for the large energy and process streams.
    for r in &mut project.activity {
        r.data_type = match (r.entity_id.as_str(), r.activity.as_str()) {
            (_, "grid_electricity") if ["E01", "E04", "E10"].contains(&r.entity_id.as_str()) => {
                Some(DataType::Metered)
            }
            ("E01", "coke_reductant" | "coal_injection") => Some(DataType::Metered),
            ("E04", "clinker_calcination" | "kiln_coal") => Some(DataType::Metered),
            _ => None,
        };
    }
    project.uncertainty = Some(uncertainty_section());
    let out =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-projects/jinghai-park/jinghai-park.ron");
    std::fs::create_dir_all(out.parent().ok_or("no parent")?)?;
    parkaudit::io::save(&project, &out)?;
    // The same data as a workbook in the template, for trying an import.
    let xlsx = out.with_file_name("jinghai-park-activity.xlsx");
    parkaudit::io::template::write_data_workbook(&project, &xlsx)?;
    println!("wrote {}", xlsx.display());
    println!(
        "wrote {} ({} entities, {} records)",
        out.display(),
        project.entities.len(),
        project.activity.len()
    );
    Ok(())
}

/// The sample's CBAM installations: the steel, cement, fertiliser and
/// aluminium tenants, with plausible (synthetic) activity levels, so a
/// trainer can show the whole flow; E02 reports on default values only.
fn cbam_section() -> parkaudit::model::cbam::Cbam {
    use parkaudit::model::cbam::*;
    fn process(
        id: &str,
        name: &str,
        category: GoodsCategory,
        route: &str,
        cn: &str,
        level: f64,
        consumes: &[(&str, f64)],
    ) -> Process {
        Process {
            id: id.into(),
            name: name.into(),
            category,
            route: route.into(),
            cn_codes: vec![cn.into()],
            product_name: name.into(),
            functional_unit: category.default_unit(),
            activity_level_t: level,
            activity_evidence: format!("Production ledger 2024, {name} (sample)"),
            consumes: consumes
                .iter()
                .map(|&(p, q)| Consumption {
                    precursor: p.into(),
                    quantity_t: q,
                })
                .collect(),
            flows: Flows::default(),
            default_values_reason: None,
            qualifying: Qualifying::default(),
        }
    }
    fn attr(activity: &str, shares: &[(&str, f64)], not_cbam_pct: f64) -> Attribution {
        Attribution {
            activity: activity.into(),
            record_id: None,
            shares: shares
                .iter()
                .map(|&(p, pct)| Share {
                    process: p.into(),
                    pct,
                })
                .collect(),
            not_cbam_pct,
        }
    }
    fn installation(entity: &str, name: &str, lat: f64, lon: f64, activity: &str) -> Installation {
        Installation {
            entity_id: entity.into(),
            name_en: name.into(),
            address_en: "Jinghai Coastal Industrial Park, Jinghai District".into(),
            city: "Tianjin".into(),
            country: "CN".into(),
            unlocode: "CNTSN".into(),
            latitude_deg: lat,
            longitude_deg: lon,
            economic_activity: activity.into(),
            representative: "CBAM contact of the operator (sample)".into(),
            processes: Vec::new(),
            attributions: Vec::new(),
            purchased: Vec::new(),
            electricity_source: ElectricitySource::Grid,
            electricity_evidence: String::new(),
            carbon_prices: Vec::new(),
        }
    }
    // China's national ETS (CEA): steel, cement and aluminium from the 2024
    // compliance year (MEE 2025); allowances are mostly allocated free.
    let ets = |rebate_pct: f64| CarbonPrice {
        process: None,
        instrument: "China national ETS (CEA)".into(),
        share_covered_pct: 100.0,
        price_per_t: 90.0,
        currency: "CNY".into(),
        eur_per_unit: 0.128,
        rebate: "Free allocation of allowances".into(),
        rebate_pct,
        evidence: "Sample: MEE allocation notice and CEA settlement statement 2024".into(),
    };

    let mut steel = installation(
        "E01",
        "Jinghai Iron & Steel Co., Ltd. — integrated works",
        38.935,
        117.402,
        "Manufacture of basic iron and steel (NACE 24.10)",
    );
    let mut pig_iron = process(
        "P1",
        "Hot metal (pig iron)",
        GoodsCategory::PigIron,
        "",
        "7201 10 11",
        1_020_000.0,
        &[],
    );
    pig_iron.qualifying.main_reducing_agent = "Coke".into();
    let mut crude = process(
        "P2",
        "Crude steel, continuous-cast slab",
        GoodsCategory::CrudeSteel,
        "C",
        "7207 11 14",
        1_150_000.0,
        &[("P1", 1_000_000.0), ("PP1", 9_000.0)],
    );
    crude.qualifying.scrap_t_per_t_steel = Some(0.16);
    let mut hot_rolled = process(
        "P3",
        "Hot-rolled coil",
        GoodsCategory::IronSteelProducts,
        "C",
        "7208 51 20",
        1_080_000.0,
        &[("P2", 1_120_000.0)],
    );
    hot_rolled.qualifying.steel_mill_id = "JH-HSM-1 (sample)".into();
    hot_rolled.qualifying.carbon_pct = Some(0.18);
    hot_rolled.qualifying.mn_pct = Some(1.2);
    steel.processes = vec![pig_iron, crude, hot_rolled];
    steel.attributions = vec![
        attr("coke_reductant", &[("P1", 100.0)], 0.0),
        attr("coal_injection", &[("P1", 100.0)], 0.0),
        attr("lime_calcination", &[("P2", 100.0)], 0.0),
        attr("natural_gas_reheating", &[("P3", 100.0)], 0.0),
        attr(
            "grid_electricity",
            &[("P1", 30.0), ("P2", 20.0), ("P3", 45.0)],
            5.0,
        ),
    ];
    steel.purchased = vec![PurchasedPrecursor {
        id: "PP1".into(),
        name: "Ferro-manganese (trader, origin not documented)".into(),
        category: GoodsCategory::FeMn,
        cn_code: "7202 11 20".into(),
        country: String::new(),
        route: String::new(),
        supplier: "Metals trader (sample)".into(),
        see: PrecursorSee::Default,
        electricity_mwh_per_t: 0.0,
    }];
    steel.carbon_prices = vec![ets(95.0)];

    let mut special = installation(
        "E02",
        "Jinghai Special Steel (EAF) Co., Ltd.",
        38.931,
        117.415,
        "Manufacture of basic iron and steel (NACE 24.10)",
    );
    let mut eaf = process(
        "P1",
        "EAF billet",
        GoodsCategory::CrudeSteel,
        "",
        "7207 11 14",
        420_000.0,
        &[],
    );
    eaf.default_values_reason = Some(
        "The EAF shop and the ladle furnaces share meters that were not separated in 2024 (sample): default values until the 2025 metering upgrade".into(),
    );
    special.processes = vec![eaf];
    special.attributions = vec![
        attr("natural_gas_ladle_heating", &[("P1", 100.0)], 0.0),
        attr("grid_electricity", &[("P1", 100.0)], 0.0),
    ];

    let mut cement = installation(
        "E04",
        "Jinghai Haixing Cement Co., Ltd. — kiln line 1",
        38.902,
        117.388,
        "Manufacture of cement (NACE 23.51)",
    );
    let clinker = process(
        "P1",
        "Grey clinker",
        GoodsCategory::CementClinker,
        "A",
        "2523 10 00",
        1_450_000.0,
        &[],
    );
    let mut portland = process(
        "P2",
        "Portland cement P.O 42.5",
        GoodsCategory::Cement,
        "",
        "2523 29 00",
        1_600_000.0,
        &[("P1", 1_250_000.0)],
    );
    portland.qualifying.clinker_factor = Some(0.78);
    cement.processes = vec![clinker, portland];
    cement.attributions = vec![
        attr("clinker_calcination", &[("P1", 100.0)], 0.0),
        attr("kiln_coal", &[("P1", 100.0)], 0.0),
        // Site vehicles are outside the installation's CBAM boundary.
        attr("diesel_site_vehicles", &[], 100.0),
        attr("grid_electricity", &[("P1", 55.0), ("P2", 45.0)], 0.0),
    ];
    cement.carbon_prices = vec![ets(97.0)];

    let mut fertiliser = installation(
        "E06",
        "Huanghai Fertiliser Co., Ltd.",
        38.918,
        117.431,
        "Manufacture of fertilisers and nitrogen compounds (NACE 20.15)",
    );
    let ammonia = process(
        "P1",
        "Anhydrous ammonia",
        GoodsCategory::Ammonia,
        "",
        "2814 10 00",
        220_000.0,
        &[],
    );
    let mut nitric = process(
        "P2",
        "Nitric acid (100 %)",
        GoodsCategory::NitricAcid,
        "",
        "2808 00 00",
        110_000.0,
        &[("P1", 31_000.0)],
    );
    nitric.qualifying.concentration_pct = Some(60.0);
    let mut npk = process(
        "P3",
        "NPK 15-15-15",
        GoodsCategory::MixedFertilisers,
        "",
        "3105 20 10",
        60_000.0,
        &[("P1", 40_000.0), ("P2", 90_000.0)],
    );
    npk.qualifying.n_total_pct = Some(15.0);
    npk.qualifying.n_ammonium_pct = Some(8.0);
    npk.qualifying.n_nitrate_pct = Some(7.0);
    npk.activity_evidence = "Production ledger 2024: 400,000 t NPK at 15 % N (sample)".into();
    fertiliser.processes = vec![ammonia, nitric, npk];
    fertiliser.attributions = vec![
        attr("natural_gas_feedstock_fuel", &[("P1", 100.0)], 0.0),
        attr("nitric_acid_production", &[("P2", 100.0)], 0.0),
        attr(
            "grid_electricity",
            &[("P1", 50.0), ("P2", 20.0), ("P3", 25.0)],
            5.0,
        ),
    ];

    let mut smelter = installation(
        "E10",
        "Jinghai Aluminium Smelter Co., Ltd.",
        38.944,
        117.447,
        "Aluminium production (NACE 24.42)",
    );
    smelter.processes = vec![process(
        "P1",
        "Primary aluminium ingot",
        GoodsCategory::UnwroughtAluminium,
        "K",
        "7601 10 90",
        120_000.0,
        &[],
    )];
    smelter.attributions = vec![
        attr("primary_aluminium_cwpb", &[("P1", 100.0)], 0.0),
        attr("grid_electricity", &[("P1", 97.0)], 3.0),
    ];
    smelter.carbon_prices = vec![ets(98.0)];

    let mut extrusion = installation(
        "E11",
        "Bohai Aluminium Extrusion Co., Ltd.",
        38.947,
        117.452,
        "Aluminium production (NACE 24.42)",
    );
    extrusion.processes = vec![process(
        "P1",
        "Aluminium profiles",
        GoodsCategory::AluminiumProducts,
        "",
        "7604 29 10",
        48_000.0,
        &[("PP1", 50_000.0)],
    )];
    extrusion.attributions = vec![
        attr("natural_gas_homogenising", &[("P1", 100.0)], 0.0),
        attr("grid_electricity", &[("P1", 90.0)], 10.0),
    ];
    extrusion.purchased = vec![PurchasedPrecursor {
        id: "PP1".into(),
        name: "Primary aluminium ingot (Jinghai Aluminium Smelter, E10)".into(),
        category: GoodsCategory::UnwroughtAluminium,
        cn_code: "7601 10 90".into(),
        country: "CN".into(),
        route: String::new(),
        supplier: "Jinghai Aluminium Smelter Co., Ltd.".into(),
        see: PrecursorSee::Actual {
            direct_t_per_t: 1.95,
            indirect_t_per_t: 7.2,
            evidence: "Supplier's CBAM communication JH-AL-2024-07 (sample)".into(),
        },
        electricity_mwh_per_t: 13.6,
    }];
    Cbam {
        declaration_year: 2026,
        certificate_price_eur: 75.0,
        installations: vec![steel, special, cement, fertiliser, smelter, extrusion],
    }
}

/// The sample's uncertainty: the site and supplier factors' ranges, the
/// smelter's PFC range from its anode-effect monitoring, and the data
/// quality of the sources an auditor would ask about (synthetic values).
fn uncertainty_section() -> UncertaintySettings {
    let source = |entity: &str, activity: &str| QualityTarget::Source {
        entity: entity.into(),
        activity: activity.into(),
    };
    let spread = |d: Distribution, lower: f64, upper: f64, why: &str| Spread {
        distribution: d,
        lower_pct: lower,
        upper_pct: upper,
        source: why.into(),
    };
    let factor = |id: &str, gas: Option<Gas>, s: Spread| FactorSpread {
        factor_id: id.into(),
        gas,
        spread: s,
    };
    UncertaintySettings {
        quality: vec![
            DataQuality {
                target: source("E03", "purchased_steel_billet"),
                data_type: Some(DataType::Estimated),
                u_pct: None,
                pedigree: Pedigree::parse("3,2,2,2,3"),
                note: "Tonnage reconstructed from purchase orders; the Q4 invoices are missing (sample)".into(),
            },
            DataQuality {
                target: source("E12", "purchased_steam"),
                data_type: Some(DataType::Estimated),
                u_pct: None,
                pedigree: Pedigree::parse("3,3,2,1,2"),
                note: "Steam apportioned from the supplier's total by floor area (sample)".into(),
            },
            DataQuality {
                target: source("S02", "wastewater_anaerobic_treatment"),
                data_type: Some(DataType::Metered),
                u_pct: None,
                pedigree: Pedigree::parse("2,1,1,1,1"),
                note: "Inflow meter, calibrated 2024-03 (sample)".into(),
            },
            DataQuality {
                target: source("E01", "coke_reductant"),
                data_type: None,
                u_pct: None,
                pedigree: Pedigree::parse("1,1,1,1,1"),
                note: "Weighbridge, verified in the national ETS (sample)".into(),
            },
        ],
        factors: vec![
            factor(
                "ipcc2006.process.aluminium_cwpb",
                Some(Gas::Cf4),
                spread(Distribution::Lognormal, 30.0, 40.0, "E10's anode-effect monitoring (slope method, IPCC 2006 Vol. 3 §4.4.2.4 Tier 2) bounds its PFC rate; synthetic sample value"),
            ),
            factor(
                "ipcc2006.process.aluminium_cwpb",
                Some(Gas::C2f6),
                spread(Distribution::Lognormal, 30.0, 40.0, "E10's anode-effect monitoring (slope method, IPCC 2006 Vol. 3 §4.4.2.4 Tier 2) bounds its PFC rate; synthetic sample value"),
            ),
            factor(
                "site.e15.glass_carbonates",
                None,
                spread(Distribution::Normal, 3.0, 3.0, "Carbonate mass balance with laboratory analysis of each batch; synthetic sample value"),
            ),
            factor(
                "site.e19.nf3_chamber_clean",
                None,
                spread(Distribution::Lognormal, 50.0, 100.0, "Abatement efficiency measured once at commissioning; synthetic sample value"),
            ),
            factor(
                "site.s02.wastewater_ch4",
                None,
                spread(Distribution::Lognormal, 60.0, 150.0, "B0 and MCF ranges of the IPCC 2006 Vol. 5 ch. 6 method; synthetic sample value"),
            ),
            factor(
                "supplier.steel_billet",
                None,
                spread(Distribution::Normal, 15.0, 15.0, "Supplier declaration, not third-party verified; synthetic sample value"),
            ),
            factor(
                "site.waste.landfill",
                None,
                spread(Distribution::Normal, 30.0, 30.0, "Waste contractor's declaration; synthetic sample value"),
            ),
        ],
        ..Default::default()
    }
}

/// The sample's claims: guiding indicators entered with (synthetic)
/// evidence, a credits register covering the park operator's 2024 residual,
/// its achieved ISO 14068-1 claim, earlier verified inventories, measures
/// and the park's own targets — so a trainer can show the Claims step.
fn claims_section() -> parkaudit::model::claims::Claims {
    use parkaudit::model::claims::*;
    let entry =
        |indicator, part, whole, unit: &str, evidence: &str, product: &str| IndicatorEntry {
            indicator,
            part,
            whole,
            unit: unit.into(),
            evidence: evidence.into(),
            product: product.into(),
        };
    let credit = |id: &str,
                  programme: &str,
                  project: &str,
                  kind,
                  first: &str,
                  last: &str,
                  quantity: f64,
                  retired_on: &str| Credit {
        id: id.into(),
        programme: programme.into(),
        project: project.into(),
        kind,
        serial_first: first.into(),
        serial_last: last.into(),
        vintage: 2023,
        quantity_t: quantity,
        retired_on: retired_on.into(),
        registry: format!("{programme} registry (sample)"),
        evidence: format!("Retirement statement {id} (sample)"),
        claim_year: 2024,
    };
    let measure = |name: &str, entity: &str, start_year, t: f64, cost: f64| Measure {
        name: name.into(),
        entity_id: entity.into(),
        start_year,
        reduction_t_per_year: t,
        cost_cny_per_t: cost,
    };
    Claims {
        method: ClaimsMethod::default(),
        indicators: vec![
            entry(Guiding::CleanEnergyShare, 248_000.0, 1_888_459.0, "tce", "Park energy statistics 2024, clean-energy table (sample)", ""),
            entry(Guiding::SolidWasteUtilisation, 3_120_000.0, 3_650_000.0, "t", "Solid-waste ledger 2024 of the ecology bureau (sample)", ""),
            entry(Guiding::WasteHeatUtilisation, 4_100.0, 10_000.0, "TJ", "Waste-heat audit 2024 (sample)", ""),
            entry(Guiding::WaterReuse, 91_000_000.0, 100_000_000.0, "m3", "Water balance test 2024 (sample)", ""),
            entry(Guiding::ProductEnergyIntensity, 548.0, 560.0, "kgce/t", "Energy audit of E01, crude steel (BF-BOF); advanced value of the national standard as quoted by the auditor (sample)", "Crude steel (BF-BOF)"),
        ],
        credits: vec![
            credit("CCER-WIND-01", "CCER", "Bohai offshore wind farm (sample)", CreditKind::Avoidance, "CCER-2023-W-000001", "CCER-2023-W-110000", 110_000.0, "2025-04-18"),
            credit("CCER-AFF-01", "CCER", "Yanshan afforestation (sample)", CreditKind::Removal, "CCER-2023-F-000001", "CCER-2023-F-030000", 30_000.0, "2025-05-20"),
        ],
        claim: Some(NeutralityClaim {
            subject: "Jinghai Coastal Industrial Park Administrative Committee, as the operator of the shared infrastructure (sample)".into(),
            entities: ["S01", "S02", "S03", "S04", "S05", "S06"].map(String::from).to_vec(),
            kind: ClaimKind::Achieved,
            target_year: None,
            management_plan: "Baseline 2020; heating plant switched to waste heat from E04 and E01 by 2027 (−60 %), fleet electric by 2026, rooftop solar on every operator building by 2025; residual offset with retired CCER credits each year; reviewed annually by the committee (sample)".into(),
            removals_t: 0.0,
            assurance: Assurance::ThirdPartyVerified,
        }),
        history: vec![
            PastInventory { year: 2015, total_t: 7_100_000.0, source: "Verified GHG statement 2015 (sample)".into() },
            PastInventory { year: 2020, total_t: 7_650_000.0, source: "Verified GHG statement 2020, the base year (sample)".into() },
            PastInventory { year: 2022, total_t: 7_820_000.0, source: "Verified GHG statement 2022 (sample)".into() },
            PastInventory { year: 2023, total_t: 7_990_000.0, source: "ParkAudit project 2023 (sample)".into() },
        ],
        measures: vec![
            measure("Rooftop and carport solar, 120 MW", "S05", 2025, 90_000.0, -35.0),
            measure("Nitric-acid N2O abatement (tertiary catalyst)", "E06", 2025, 180_000.0, 8.0),
            measure("Waste-heat power at the kiln line", "E04", 2026, 60_000.0, -10.0),
            measure("Scrap share in the BOF raised to 25 %", "E01", 2026, 240_000.0, 45.0),
            measure("Green electricity PPA for 30 % of the smelter", "E10", 2027, 520_000.0, 60.0),
            measure("Hydrogen-based DRI pilot", "E01", 2030, 600_000.0, 420.0),
            measure("CCUS at the clinker kiln", "E04", 2032, 400_000.0, 380.0),
        ],
        targets: vec![
            Target { year: 2030, reduction_pct: 20.0, source: "Park low-carbon plan 2025–2030 (sample)".into() },
            Target { year: 2035, reduction_pct: 35.0, source: "Park low-carbon plan 2025–2030 (sample)".into() },
        ],
    }
}
