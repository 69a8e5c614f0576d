//! Problems found in a scenario file, each pointing at `file:line:column` where it can.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; the scenario still plays.
    Warning,
    /// The scenario cannot be played until it is fixed.
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based; `None` when the problem concerns the whole file.
    pub line: Option<usize>,
    /// 1-based, counted in characters.
    pub column: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, at: Option<(usize, usize)>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, at, message)
    }

    pub fn warning(file: impl Into<PathBuf>, at: Option<(usize, usize)>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, at, message)
    }

    fn new(
        severity: Severity,
        file: impl Into<PathBuf>,
        at: Option<(usize, usize)>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            file: file.into(),
            line: at.map(|(l, _)| l),
            column: at.map(|(_, c)| c),
            // However long a value in the file, a message stays a few lines.
            message: crate::text::shorten_quoted(&message.into()),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, ":{line}:{column}")?;
        }
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {severity}: {}", self.message)
    }
}
