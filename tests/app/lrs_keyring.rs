//! The LRS password in a real OS keyring, as a trainer keeps it there: `goodwill lrs password set` (the
//! password piped on standard input), `lrs status` saying where the password comes from, `lrs push` sending
//! with it to the real LRS, the environment variable winning over it, `lrs password forget`; and, with no
//! keyring to reach, one clear line that suggests GOODWILL_LRS_PASSWORD.
//!
//! The keyring is a real Secret Service: gnome-keyring-daemon in a D-Bus session of its own
//! (`dbus-run-session`), unlocked with a test password, its files in a scratch home — so each command runs
//! in a new session and the password must survive on disk between them, as on a trainer's machine. Without
//! those programs (or without the LRS `.ci/lrs` starts) the test prints SKIPPED; under CI=true it fails.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::harness::{record_soup_as_ann_in, repo, tempdir};

const SECRET_NAME: &str = "the LRS password";

/// Whether a program is on the PATH.
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

fn skip_or_fail(why: &str) {
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI runs without {why}; .ci/run installs gnome-keyring and dbus and sources .ci/lrs"
    );
    let _ = writeln!(
        std::io::stderr().lock(),
        "SKIPPED the_lrs_password_is_kept_in_a_real_keyring_and_never_shown: {why}"
    );
}

/// A scratch home for one keyring: its files, and the password that unlocks it.
struct Keyring {
    home: PathBuf,
    unlock: String,
}

impl Keyring {
    fn new(name: &str) -> Keyring {
        let home = tempdir(name);
        for sub in ["data", "config", "run", "cache"] {
            std::fs::create_dir_all(home.join(sub)).unwrap();
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(home.join("run"), std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        Keyring {
            home,
            unlock: format!("unlock-{}", uuid::Uuid::new_v4().simple()),
        }
    }

    /// The environment of a process that may only find this keyring (or, without a session, none).
    fn isolate(&self, command: &mut Command) {
        command
            .env("HOME", &self.home)
            .env("XDG_DATA_HOME", self.home.join("data"))
            .env("XDG_CONFIG_HOME", self.home.join("config"))
            .env("XDG_CACHE_HOME", self.home.join("cache"))
            .env("XDG_RUNTIME_DIR", self.home.join("run"))
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env_remove("GOODWILL_LRS_PASSWORD");
    }
}

/// Runs `goodwill --data-dir DATA args` with settings folder `config`, `env` on top and `stdin` piped in:
/// inside a fresh D-Bus session with the keyring's daemon unlocked when `keyring_session`, else with no
/// session bus at all. Exit code, stdout, stderr; `secret` must appear in neither.
#[allow(clippy::too_many_arguments)]
fn goodwill(
    keyring: &Keyring,
    keyring_session: bool,
    data: &Path,
    config: &Path,
    env: &[(&str, &str)],
    stdin: &str,
    secret: &str,
    args: &[&str],
) -> (i32, String, String) {
    let binary = env!("CARGO_BIN_EXE_goodwill");
    let mut command = if keyring_session {
        let mut c = Command::new("dbus-run-session");
        c.arg("--")
            .arg("sh")
            .arg("-c")
            // The daemon reads the unlock password on its standard input, starts the Secret Service on this
            // session's bus and unlocks (or first creates) the login keyring in XDG_DATA_HOME.
            .arg(r#"printf %s "$GOODWILL_TEST_UNLOCK" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@""#)
            .arg("sh")
            .arg(binary)
            .env("GOODWILL_TEST_UNLOCK", &keyring.unlock);
        c
    } else {
        Command::new(binary)
    };
    keyring.isolate(&mut command);
    command
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .current_dir(repo())
        .env("GOODWILL_CONFIG_DIR", config)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("run goodwill");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let (stdout, mut stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(
        !stdout.contains(secret) && !stderr.contains(secret),
        "{SECRET_NAME} was shown:\n{stdout}\n{stderr}"
    );
    if keyring_session {
        // What the session's bus and the keyring daemon say about themselves is theirs, not Goodwill's.
        stderr = stderr
            .lines()
            .filter(|l| {
                !l.starts_with("dbus-daemon[")
                    && !l.contains("gnome-keyring")
                    && !l.starts_with("discover_other_daemon")
            })
            .map(|l| format!("{l}\n"))
            .collect();
    }
    (out.status.code().unwrap_or(-1), stdout, stderr)
}

/// Every file under `dir` (recursively) whose bytes contain `secret`.
fn files_holding(dir: &Path, secret: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_holding(&path, secret));
        } else if std::fs::read(&path).is_ok_and(|bytes| bytes.windows(secret.len()).any(|w| w == secret.as_bytes())) {
            found.push(path);
        }
    }
    found
}

#[test]
fn the_lrs_password_is_kept_in_a_real_keyring_and_never_shown() {
    for program in ["dbus-run-session", "gnome-keyring-daemon"] {
        if !on_path(program) {
            return skip_or_fail(&format!("a Secret Service to test with ({program} is not installed)"));
        }
    }
    let (Ok(endpoint), Ok(user), Ok(password)) = (
        std::env::var("GOODWILL_TEST_LRS"),
        std::env::var("GOODWILL_TEST_LRS_USER"),
        std::env::var("GOODWILL_LRS_PASSWORD"),
    ) else {
        return skip_or_fail("an LRS (GOODWILL_TEST_LRS, GOODWILL_TEST_LRS_USER, GOODWILL_LRS_PASSWORD)");
    };
    let keyring = Keyring::new("lrs-keyring");
    let (data, config) = (tempdir("lrs-keyring-data"), tempdir("lrs-keyring-config"));
    // The settings say where the LRS is and who sends; the password is in no file.
    std::fs::write(
        config.join("settings.ron"),
        format!("(onboarding_seen: true, lrs: (endpoint: {endpoint:?}, user: {user:?}))"),
    )
    .unwrap();
    let class = format!("Keyring {}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let (code, _, err) = goodwill(
        &keyring,
        false,
        &data,
        &config,
        &[],
        "",
        &password,
        &[
            "class",
            "new",
            &class,
            "--trainees",
            "Ann",
            "--scenarios",
            "spilled-soup",
        ],
    );
    assert_eq!(code, 0, "{err}");
    record_soup_as_ann_in(&data, Some(&class));
    let run = |session: bool, env: &[(&str, &str)], stdin: &str, args: &[&str]| {
        goodwill(&keyring, session, &data, &config, env, stdin, &password, args)
    };

    // A keyring, but nothing in it yet.
    let (code, out, err) = run(true, &[], "", &["lrs", "status"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("password: nowhere"), "{out}{err}");

    // Kept: read from standard input, said in one line, never echoed.
    let (code, out, err) = run(true, &[], &format!("{password}\n"), &["lrs", "password", "set"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(&format!(
            "the LRS password for {user} at {endpoint} is kept in the OS keyring"
        )),
        "{out}"
    );

    // A new session finds it on disk: status says where it comes from, and the LRS accepts it.
    let (code, out, err) = run(true, &[], "", &["lrs", "status"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("password: from the OS keyring"), "{out}");
    assert!(out.contains("answers and accepts this user"), "{out}");
    let (code, out, err) = run(true, &[], "", &["lrs", "push", "--session", &class]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(&format!("to {endpoint}")) && out.contains("0 waiting"),
        "{out}"
    );
    assert!(!out.contains("sent 0 statement"), "{out}");

    // GOODWILL_LRS_PASSWORD wins over the keyring: a wrong one there is the one tried.
    let wrong = [("GOODWILL_LRS_PASSWORD", "not-the-password")];
    let (code, out, err) = run(true, &wrong, "", &["lrs", "status"]);
    assert_ne!(code, 0, "{out}");
    assert!(out.contains("password: from GOODWILL_LRS_PASSWORD"), "{out}");
    assert!(
        err.contains("refused the user name or password") && err.trim().lines().count() == 1,
        "{err}"
    );

    // Forgotten: gone from the keyring.
    let (code, out, err) = run(true, &[], "", &["lrs", "password", "forget"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("is no longer in the OS keyring"), "{out}");
    let (_, out, _) = run(true, &[], "", &["lrs", "status"]);
    assert!(out.contains("password: nowhere"), "{out}");
    let (code, out, _) = run(true, &[], "", &["lrs", "password", "forget"]);
    assert!(code == 0 && out.contains("held no LRS password"), "{out}");

    // No keyring to reach (no session bus): one clear line, pointing at the variable; nothing crashes.
    let (code, out, err) = run(false, &[], &format!("{password}\n"), &["lrs", "password", "set"]);
    assert_ne!(code, 0, "{out}");
    assert!(
        err.contains("no OS keyring can be reached") && err.contains("GOODWILL_LRS_PASSWORD"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    let (code, out, err) = run(false, &[], "", &["lrs", "status"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("no keyring here; set GOODWILL_LRS_PASSWORD"), "{out}");
    let (code, _, err) = run(false, &[], "", &["lrs", "push"]);
    assert_ne!(code, 0);
    assert!(
        err.contains("no OS keyring can be reached") && err.trim().lines().count() == 1,
        "{err}"
    );

    // The password was written into no file of the game's (the keyring's own files are encrypted).
    for dir in [&data, &config, &keyring.home] {
        assert_eq!(
            files_holding(dir, &password),
            Vec::<PathBuf>::new(),
            "{SECRET_NAME} in a file"
        );
    }
}
