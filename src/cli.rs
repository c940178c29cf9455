//! The command line, as clap types and nothing else: what the user typed.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Publishes the Smart City memorandum of objectives in every language it lists,
/// as HTML and Markdown, from content/ (YAML), locales/ (Fluent) and templates/ (tera).
#[derive(Debug, Parser)]
#[command(name = "memorandum", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; without one, `build`.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options of `build`, when no subcommand is given.
    #[command(flatten)]
    pub build: BuildArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check everything and write every edition into the output folder.
    Build(BuildArgs),
    /// Run every check of a build; write nothing.
    Check(CheckArgs),
    /// Write a new publication skeleton into DIR (content, French and Dutch
    /// locales, the default templates) that builds at once.
    Init {
        /// The folder to create; it must not hold a publication already.
        dir: PathBuf,
        /// Accepted like every subcommand's; unused.
        #[command(flatten)]
        common: Common,
    },
    /// For translators: what to translate, review or fix in each language.
    L10n(L10nArgs),
    /// Build, then rebuild whenever content, locales or templates change.
    Watch(BuildArgs),
    /// Print a shell completion script (bash, zsh, fish…) on stdout.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
        /// Accepted like every subcommand's; unused.
        #[command(flatten)]
        common: Common,
    },
}

/// `memorandum l10n …`
#[derive(Debug, Args)]
pub struct L10nArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: L10nCommand,
}

/// The translators' subcommands.
#[derive(Debug, Subcommand)]
pub enum L10nCommand {
    /// Coverage and every problem of each language against the reference.
    Status(StatusArgs),
    /// Record that the translations of LANG were reviewed against the current
    /// reference texts (all messages, or only those named).
    Accept(AcceptArgs),
}

/// Options of `l10n status`.
#[derive(Debug, Args, Clone)]
pub struct StatusArgs {
    /// Root and message format.
    #[command(flatten)]
    pub common: Common,
    /// Only these languages (comma-separated).
    #[arg(long, value_name = "LANGS", value_delimiter = ',')]
    pub lang: Vec<String>,
    /// Stop with an error when the command takes longer than this many
    /// seconds (a file on a stalled drive, another command holding the lock).
    #[arg(long, value_name = "SECONDS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..))]
    pub time_limit: u64,
}

/// Options of `l10n accept`.
#[derive(Debug, Args, Clone)]
pub struct AcceptArgs {
    /// Root and message format.
    #[command(flatten)]
    pub common: Common,
    /// The language whose translations were reviewed.
    pub lang: String,
    /// Only these messages.
    #[arg(value_name = "MESSAGE-ID")]
    pub ids: Vec<String>,
    /// Stop with an error when the command takes longer than this many
    /// seconds (a file on a stalled drive, another command holding the lock).
    #[arg(long, value_name = "SECONDS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..))]
    pub time_limit: u64,
}

/// Options every subcommand takes.
#[derive(Debug, Args, Clone)]
pub struct Common {
    /// The project folder, holding content/, locales/ and templates/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// How to print problems: for people, or one JSON object per line.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
}

/// How problems are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    /// `error[code]: …` with the file, a snippet and a hint, on stderr.
    Human,
    /// One JSON object per problem and line, on stdout.
    Json,
}

/// Options of `build`.
#[derive(Debug, Args, Clone)]
pub struct BuildArgs {
    /// Root and message format.
    #[command(flatten)]
    pub common: Common,
    /// Where to write the editions [default: ROOT/output].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// What to check and build, as for `check`.
    #[command(flatten)]
    pub policies: Policies,
    /// Only these formats (comma-separated): html, md, pdf.
    #[arg(long, value_name = "FORMATS", value_delimiter = ',', value_parser = ["html", "md", "pdf"])]
    pub format: Vec<String>,
}

/// What `build` and `check` check and build.
#[derive(Debug, Args, Clone)]
pub struct Policies {
    /// Only these languages (comma-separated), e.g. `--lang fr`.
    #[arg(long, value_name = "LANGS", value_delimiter = ',')]
    pub lang: Vec<String>,
    /// What to do with a message a language lacks: fail (error), show its id
    /// marked (warn), or show the reference language's text marked (fallback).
    #[arg(long, value_enum, value_name = "POLICY", default_value_t = MissingPolicy::Error)]
    pub missing: MissingPolicy,
    /// Whether a stale translation (its reference text changed since it was
    /// accepted) is a warning or fails the build.
    #[arg(long, value_enum, value_name = "POLICY", default_value_t = StalePolicy::Warn)]
    pub stale: StalePolicy,
    /// Also build the pseudo-locale edition into OUT/pseudo/: the reference text
    /// accented and about 30 % longer, to test layouts and find hard-coded text.
    #[arg(long)]
    pub pseudo: bool,
    /// Templates and links.
    #[command(flatten)]
    pub site: SiteArgs,
}

/// `--missing`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MissingPolicy {
    /// A missing message is an error: nothing is written.
    Error,
    /// Warn, and show the message id, marked.
    Warn,
    /// Warn, and show the reference language's text, marked.
    Fallback,
}

/// `--stale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StalePolicy {
    /// Report stale translations as warnings.
    Warn,
    /// Fail on stale translations.
    Error,
}

/// Options of `check`.
#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    /// Root and message format.
    #[command(flatten)]
    pub common: Common,
    /// What to check, as for `build`.
    #[command(flatten)]
    pub policies: Policies,
}

/// How a site publishes the editions: its templates, its address.
#[derive(Debug, Args, Clone)]
pub struct SiteArgs {
    /// Templates that replace the built-in ones (and the root's `templates/`)
    /// file by file: `DIR/publication.html` replaces `publication.html`.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Make the links between editions absolute under this URL (e.g.
    /// `https://be.brussels/memorandum/`); without it they are relative.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Stop with an error when a build takes longer than this many seconds (a
    /// template that loops or recurses without end).
    #[arg(long, value_name = "SECONDS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..))]
    pub time_limit: u64,
    /// Stop with an error when the process holds more than this much memory,
    /// in MiB (a template that builds a value without bound). Linux only.
    #[arg(long, value_name = "MIB", default_value_t = DEFAULT_MEMORY_LIMIT, value_parser = clap::value_parser!(u64).range(64..))]
    pub memory_limit: u64,
}

/// `--memory-limit` by default, in MiB: seven times what 300 copies of the
/// memorandum need, every edition.
pub const DEFAULT_MEMORY_LIMIT: u64 = 2048;

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn no_subcommand_means_build() {
        let cli = Cli::try_parse_from(["memorandum", "--lang", "fr,nl"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.build.policies.lang, ["fr", "nl"]);
        let cli = Cli::try_parse_from(["memorandum", "check", "--root", "x"]).unwrap();
        assert!(
            matches!(cli.command, Some(Command::Check(ref c)) if c.common.root == std::path::Path::new("x"))
        );
        assert!(Cli::try_parse_from(["memorandum", "build", "--format", "pdfx"]).is_err());
    }
}
