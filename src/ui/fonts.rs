//! The bundled fallback fonts: Noto Sans CJK SC (GB2312 subset, SIL OFL,
//! `assets/fonts/OFL.txt`) so Chinese renders on any machine and in tests, and
//! a few symbols from DejaVu Sans.

use egui::{FontData, FontDefinitions, FontFamily};
use std::sync::Arc;

/// The subset made by `scripts/make_font_subset.py`.
pub const NOTO_SANS_SC: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-GB2312.otf");

/// Symbols neither egui's fonts nor Noto Sans CJK have (✔ ⚠ ₂ −): a DejaVu Sans
/// subset (Bitstream Vera licence, `assets/fonts/LICENSE-DejaVu.txt`).
pub const DEJAVU_SYMBOLS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-symbols.ttf");

/// egui's default fonts first, the CJK font after them as a fallback in both families.
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    for (name, bytes) in [
        ("noto_sans_sc", NOTO_SANS_SC),
        ("dejavu_symbols", DEJAVU_SYMBOLS),
    ] {
        fonts
            .font_data
            .insert(name.to_owned(), Arc::new(FontData::from_static(bytes)));
        for family in [FontFamily::Proportional, FontFamily::Monospace] {
            fonts
                .families
                .entry(family)
                .or_default()
                .push(name.to_owned());
        }
    }
    fonts
}

pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}
