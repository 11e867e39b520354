//! Everything the user can ask for, as data. Menus, keyboard shortcuts and
//! the command palette all read [`COMMANDS`]; [`super::App::apply`] is the one
//! place that carries commands out.

use super::app::Step;
use super::i18n::Lang;
use egui::{Key, KeyboardShortcut, Modifiers};
use std::path::PathBuf;

/// A request from the UI, applied between frames.
#[derive(Debug, Clone, PartialEq)]
pub enum AppCommand {
    NewProject,
    /// Create a project with this park name and reporting year.
    CreateProject {
        name: String,
        year: i32,
    },
    Open,
    OpenPath(PathBuf),
    OpenSample(usize),
    Save,
    SaveAs,
    SaveTo(PathBuf),
    Import,
    ImportPath(PathBuf),
    Export,
    Undo,
    Redo,
    Quit,
    CloseProject,
    SetLang(Lang),
    ToggleTheme,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    Goto(Step),
    /// Export & sign, with the CBAM communication of this installation chosen.
    ExportCbam(String),
    Palette,
    About,
    References,
    /// Help › Getting started: the eleven steps, one sentence each.
    GettingStarted,
    RestoreRecovery,
    DiscardRecovery,
    /// A change to the project, applied through the edit layer; `tag` names
    /// it for the panel that waits for its outcome.
    Edit {
        edit: Box<crate::edit::Edit>,
        tag: Option<&'static str>,
    },
    /// A short message in the corner.
    Toast {
        text: String,
        error: bool,
    },
    /// An error with its full message, in a dialog.
    ShowError(String),
    /// Remember the signer and key for the next export.
    RememberSigner {
        name: String,
        org: String,
        key_path: String,
    },
    /// The auditor's profile (who acts): show the form.
    EditProfile,
    /// End the current typing run (the next edit is a new undo step).
    EndCoalescing,
}

/// The menu a command sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    File,
    Edit,
    View,
    Help,
}

/// One entry of the command list.
#[derive(Debug, Clone)]
pub struct CommandSpec {
    pub command: AppCommand,
    /// English label (translated with `i18n::tr`).
    pub label: &'static str,
    pub menu: Menu,
    pub shortcut: Option<KeyboardShortcut>,
    /// A second shortcut (Ctrl+Y for redo).
    pub alt_shortcut: Option<KeyboardShortcut>,
}

const fn key(modifiers: Modifiers, key: Key) -> Option<KeyboardShortcut> {
    Some(KeyboardShortcut::new(modifiers, key))
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers {
    shift: true,
    ..Modifiers::COMMAND
};

fn spec(command: AppCommand, label: &'static str, menu: Menu) -> CommandSpec {
    CommandSpec {
        command,
        label,
        menu,
        shortcut: None,
        alt_shortcut: None,
    }
}

fn with(mut s: CommandSpec, shortcut: Option<KeyboardShortcut>) -> CommandSpec {
    s.shortcut = shortcut;
    s
}

/// The command list, in menu order.
pub fn commands() -> Vec<CommandSpec> {
    use AppCommand as C;
    use Menu::*;
    let mut redo = with(spec(C::Redo, "Redo", Edit), key(CMD_SHIFT, Key::Z));
    redo.alt_shortcut = key(CMD, Key::Y);
    vec![
        spec(C::NewProject, "New project…", File),
        with(spec(C::Open, "Open…", File), key(CMD, Key::O)),
        with(spec(C::Save, "Save", File), key(CMD, Key::S)),
        with(spec(C::SaveAs, "Save as…", File), key(CMD_SHIFT, Key::S)),
        with(spec(C::Import, "Import Excel…", File), key(CMD, Key::I)),
        with(spec(C::Export, "Export workbook…", File), key(CMD, Key::E)),
        spec(C::CloseProject, "Close project", File),
        with(spec(C::Quit, "Quit", File), key(CMD, Key::Q)),
        with(spec(C::Undo, "Undo", Edit), key(CMD, Key::Z)),
        redo,
        with(
            spec(C::Palette, "Command palette…", Edit),
            key(CMD_SHIFT, Key::P),
        ),
        spec(C::EditProfile, "Auditor profile…", Edit),
        spec(C::SetLang(Lang::En), "English", View),
        spec(C::SetLang(Lang::Zh), "简体中文", View),
        spec(C::ToggleTheme, "Light / dark theme", View),
        with(spec(C::ZoomIn, "Zoom in", View), key(CMD, Key::Plus)),
        with(spec(C::ZoomOut, "Zoom out", View), key(CMD, Key::Minus)),
        with(spec(C::ZoomReset, "Reset zoom", View), key(CMD, Key::Num0)),
        spec(C::GettingStarted, "Getting started", Help),
        spec(C::References, "Methodology references", Help),
        spec(C::About, "About ParkAudit", Help),
    ]
}

/// The shortcut's text, e.g. `Ctrl+Shift+S`.
pub fn shortcut_text(ctx: &egui::Context, s: &KeyboardShortcut) -> String {
    ctx.format_shortcut(s)
}

/// Commands whose shortcuts were pressed this frame. Shortcuts with more
/// modifiers are consumed first, so Ctrl+Shift+S is not also read as Ctrl+S.
pub fn pressed(ctx: &egui::Context) -> Vec<AppCommand> {
    let mut list: Vec<(KeyboardShortcut, AppCommand)> = commands()
        .into_iter()
        .flat_map(|c| {
            [c.shortcut, c.alt_shortcut]
                .into_iter()
                .flatten()
                .map(move |s| (s, c.command.clone()))
        })
        .collect();
    list.sort_by_key(|(s, _)| std::cmp::Reverse(s.modifiers.shift as u8 + s.modifiers.alt as u8));
    let mut out = Vec::new();
    ctx.input_mut(|i| {
        for (s, c) in &list {
            if i.consume_shortcut(s) {
                out.push(c.clone());
            }
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for c in commands() {
            for s in [c.shortcut, c.alt_shortcut].into_iter().flatten() {
                assert!(seen.insert(format!("{s:?}")), "{} reuses {s:?}", c.label);
            }
        }
        assert!(seen.len() >= 10);
    }
}
