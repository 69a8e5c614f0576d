//! `goodwill lrs push | status | pull | password`: results to a learning record store (the outbox, sent in
//! batches) and back from it (a class's attempts, merged through the import's checks). The endpoint and user
//! come from `--endpoint` / `--user` or the settings file; the password from `GOODWILL_LRS_PASSWORD`, else
//! the OS keyring (`lrs password set` keeps it there).

use std::io::{BufRead, IsTerminal};

use goodwill_engine::quote;
use goodwill_store::Store;
use goodwill_store::lrs::{self, Lrs, LrsSettings, PASSWORD_ENV, Password, PasswordSource, PushOptions};

use super::output::{outln, printable};
use super::results::{installed_scenarios, scenario_titles};

/// Where to reach the LRS, as given on the command line (the saved settings fill in the rest).
#[derive(Debug, Clone, Default)]
pub struct Target {
    pub endpoint: Option<String>,
    pub user: Option<String>,
}

/// The saved LRS settings, with the store told whose accounts the statements name.
fn settings_for(store: &Store) -> Result<LrsSettings, String> {
    let settings = crate::config::saved_lrs_settings()?;
    if let Some(page) = &settings.account_home_page {
        store.set_account_home_page(page).map_err(|e| e.to_string())?;
    }
    Ok(settings)
}

pub fn push(store: &Store, target: &Target, session: Option<&str>, retry_parked: bool) -> Result<i32, String> {
    store.require_writable().map_err(|e| e.to_string())?;
    let settings = settings_for(store)?;
    let lrs = settings
        .lrs(target.endpoint.as_deref(), target.user.as_deref())
        .map_err(|e| e.to_string())?;
    // The class session as the store names it (" Class A " is "Class A").
    let session = match session {
        Some(class) => Some(store.require_class(class).map_err(|e| e.to_string())?.name),
        None => None,
    };
    let session = session.as_deref();
    if retry_parked {
        let n = store.outbox_unpark().map_err(|e| e.to_string())?;
        outln!("{n} parked statement(s) put back in the queue");
    }
    // Attempts recorded before the outbox existed, or brought in by `import`.
    store.note_scenario_titles(scenario_titles());
    let queued = store.queue_unqueued(session).map_err(|e| e.to_string())?;
    if queued > 0 {
        outln!("queued {queued} earlier attempt(s)");
    }
    let options = PushOptions {
        class: session,
        ..PushOptions::default()
    };
    let summary = lrs::push(store, &lrs, &options).map_err(|e| e.to_string())?;
    let status = store.outbox_status(session).map_err(|e| e.to_string())?;
    outln!(
        "sent {} statement(s) to {} in {} request(s); {} waiting, {} parked",
        summary.sent,
        lrs.endpoint,
        summary.posts,
        status.waiting,
        status.parked
    );
    if summary.parked > 0 {
        outln!(
            "{} statement(s) were refused and parked: `goodwill lrs status` says why; fix the cause, then \
             `goodwill lrs push --retry-parked`",
            summary.parked
        );
        return Ok(1);
    }
    Ok(0)
}

pub fn status(store: &Store, target: &Target, session: Option<&str>) -> Result<i32, String> {
    let settings = settings_for(store)?;
    let session = match session {
        Some(class) => Some(store.require_class(class).map_err(|e| e.to_string())?.name),
        None => None,
    };
    let session = session.as_deref();
    let status = store.outbox_status(session).map_err(|e| e.to_string())?;
    outln!(
        "{} result(s) waiting to be sent ({} statement(s)); {} sent; {} parked",
        status.attempts_waiting,
        status.waiting,
        status.sent,
        status.parked
    );
    if let Some(error) = &status.last_error {
        outln!("last error: {error}");
    }
    for (id, why) in &status.parked_reasons {
        outln!("parked {id}: {}", printable(why));
    }
    let endpoint = target.endpoint.as_deref().or(settings.endpoint.as_deref());
    let user = target.user.as_deref().or(settings.user.as_deref());
    // Where the password would come from, asked once (the keyring only for a usable address and user).
    let found = match (endpoint, user) {
        _ if lrs::Password::from_env().is_some() => Ok(Some(PasswordSource::Environment)),
        (Some(endpoint), Some(user)) => match Lrs::new(endpoint, user, Password::new("")) {
            Ok(checked) => {
                lrs::keyring_password(&checked.endpoint, &checked.user).map(|p| p.map(|_| PasswordSource::Keyring))
            }
            Err(_) => Ok(None),
        },
        _ => Ok(None),
    };
    let password = match &found {
        Ok(Some(PasswordSource::Environment)) => format!("from {PASSWORD_ENV}"),
        Ok(Some(PasswordSource::Keyring)) => "from the OS keyring".to_owned(),
        Ok(None) => format!("nowhere (set {PASSWORD_ENV} or run `goodwill lrs password set`)"),
        Err(_) => format!("nowhere (no keyring here; set {PASSWORD_ENV})"),
    };
    outln!(
        "endpoint: {}; user: {}; password: {password}; account home page: {}; the game sends by itself: {}",
        endpoint.unwrap_or("(none)"),
        user.map_or("(none)".to_owned(), printable),
        store.account_home_page(),
        if settings.enabled { "on" } else { "off" },
    );
    if let Err(e) = &found {
        outln!("{e}");
    }
    if endpoint.is_some() && !matches!(found, Ok(Some(_))) {
        outln!("give a password ({PASSWORD_ENV} or `goodwill lrs password set`) to check that the LRS answers");
    } else if endpoint.is_some() {
        let lrs = settings
            .lrs(target.endpoint.as_deref(), target.user.as_deref())
            .map_err(|e| e.to_string())?;
        lrs::check(&lrs).map_err(|e| e.to_string())?;
        outln!("the LRS at {} answers and accepts this user", lrs.endpoint);
    }
    Ok(0)
}

/// The endpoint and user a keyring entry is for: the flags', else the saved settings', checked.
fn keyring_target(target: &Target) -> Result<Lrs, String> {
    let settings = crate::config::saved_lrs_settings()?;
    let endpoint = target
        .endpoint
        .as_deref()
        .or(settings.endpoint.as_deref())
        .ok_or("no LRS endpoint: give --endpoint URL or save one in the settings (the password is kept for it)")?;
    let user = target.user.as_deref().or(settings.user.as_deref()).unwrap_or_default();
    Lrs::new(endpoint, user, Password::new("")).map_err(|e| e.to_string())
}

/// `lrs password set`: reads one line from standard input (without echo when it is a terminal) and keeps it
/// in the OS keyring for the user at the endpoint. The password is never printed.
pub fn password_set(target: &Target) -> Result<i32, String> {
    let lrs = keyring_target(target)?;
    let typed = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("LRS password for {} at {}: ", lrs.user, lrs.endpoint))
            .map_err(|e| format!("cannot read the password: {e}"))?
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    let password = Password::new(typed);
    if password.is_empty() {
        return Err("no password given: type it (or pipe it) on standard input".into());
    }
    lrs::save_password(&lrs.endpoint, &lrs.user, &password).map_err(|e| e.to_string())?;
    outln!(
        "the LRS password for {} at {} is kept in the OS keyring",
        printable(&lrs.user),
        lrs.endpoint
    );
    if lrs::Password::from_env().is_some() {
        outln!("{PASSWORD_ENV} is set, and wins over the keyring while it is");
    }
    Ok(0)
}

/// `lrs password forget`: removes the keyring's password for the user at the endpoint.
pub fn password_forget(target: &Target) -> Result<i32, String> {
    let lrs = keyring_target(target)?;
    let removed = lrs::forget_password(&lrs.endpoint, &lrs.user).map_err(|e| e.to_string())?;
    if removed {
        outln!(
            "the LRS password for {} at {} is no longer in the OS keyring",
            printable(&lrs.user),
            lrs.endpoint
        );
    } else {
        outln!(
            "the OS keyring held no LRS password for {} at {}",
            printable(&lrs.user),
            lrs.endpoint
        );
    }
    Ok(0)
}

pub fn pull(store: &Store, target: &Target, session: &str) -> Result<i32, String> {
    store.require_writable().map_err(|e| e.to_string())?;
    let settings = settings_for(store)?;
    let lrs = settings
        .lrs(target.endpoint.as_deref(), target.user.as_deref())
        .map_err(|e| e.to_string())?;
    let summary = lrs::pull(store, &lrs, session, &installed_scenarios()).map_err(|e| e.to_string())?;
    if summary.scanned {
        outln!(
            "the LRS found nothing by the class's activity, so every statement it holds was read to look for {}",
            quote(session)
        );
    }
    outln!(
        "read {} result statement(s) of {} from {} ({} page(s)): {} new attempt(s), {} already here",
        summary.statements,
        quote(session),
        lrs.endpoint,
        summary.pages,
        summary.attempts_added,
        summary.attempts_already_present
    );
    if summary.foreign > 0 {
        outln!(
            "{} statement(s) carry no Goodwill record and were left alone",
            summary.foreign
        );
    }
    Ok(0)
}
