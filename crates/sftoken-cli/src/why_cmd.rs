//! `sftoken why --profile P --as H`: asks the org why P's logins fail. H (a profile of the same
//! org that may read Login History, typically an administrator's) gets or reuses its token; the
//! core reads P's user's latest attempts and explains the newest failure (`sftoken_core::asking_why`,
//! the same the window's "Ask the org why" shows). P's login is never retried. Exit 0 when the org
//! answered (whatever it said), 3 when it refused the lookup, 4 on network failures.

use std::time::Duration;

use sftoken_core::asking_why::{check_helper, helper_choices, WhyReport};
use sftoken_core::login_history::LoginLookup;
use sftoken_core::profiles::Profile;
use sftoken_core::Error;

use crate::args::WhyArgs;
use crate::exit::{self, Exit};
use crate::send_progress::SendProgress;
use crate::{profile_book, runtime};

pub fn run(args: WhyArgs) -> Result<(), Exit> {
    let book = profile_book::open()?;
    let failing = profile_book::named(&book, &args.profile)?;
    let helper = helper(&book, &failing, args.helper.as_deref())?;
    // Before anything is sent: a helper that cannot be of the same org is refused.
    check_helper(&failing, &helper).map_err(Error::from)?;
    let opened = book.open(helper.clone());
    if let Some(warning) = &opened.warning {
        tell!("warning: {warning}");
    }
    let mut form = opened.form;
    book.load_jwt_key(&mut form)?;
    let (runtime, client) = runtime::start(Duration::from_secs_f64(args.timeout))?;
    let progress = SendProgress::new(args.no_browser);
    let report = runtime.block_on(client.ask_why(
        &book,
        &failing,
        &helper,
        &mut form,
        Duration::from_secs_f64(args.sign_in_timeout),
        &progress,
    ))?;
    if args.json {
        let json = serde_json::to_string_pretty(&report)
            .map_err(|e| Exit::internal(format!("the report could not be written as JSON: {e}")))?;
        say!("{json}");
    } else {
        print(&report);
    }
    if report.answered() {
        Ok(())
    } else {
        Err(Exit::quiet(exit::REFUSED))
    }
}

/// `--as`, or the helper remembered for the profile.
fn helper(
    book: &sftoken_core::profiles::ProfileBook,
    failing: &Profile,
    named: Option<&str>,
) -> Result<Profile, Exit> {
    if let Some(name) = named {
        return profile_book::named(book, name);
    }
    let remembered = failing
        .why_helper
        .as_deref()
        .and_then(|id| book.get(id).ok());
    remembered.ok_or_else(|| {
        let all = book.load().unwrap_or_default();
        let candidates: Vec<String> = helper_choices(failing, &all)
            .into_iter()
            .map(|c| format!("{:?}", c.name))
            .collect();
        let exit = Exit::usage(format!(
            "name the profile to ask with: --as \"NAME\", another profile of {:?}'s org that may read Login History (an administrator's); it is remembered for next time",
            failing.name
        ));
        if candidates.is_empty() {
            exit.note("No other profile can be of this org: add one for an administrator (e.g. sftoken profile add NAME --grant web, which signs in with the browser).")
        } else {
            exit.note(format!("Profiles that may be of the same org: {}.", candidates.join(", ")))
        }
    })
}

fn print(report: &WhyReport) {
    let org = report
        .org_id
        .as_deref()
        .map(|o| format!(" in org {o}"))
        .unwrap_or_default();
    say!(
        "{:?} ({}), asked as {:?}{org}:",
        report.profile,
        report.username,
        report.helper
    );
    say!("");
    say!("{}", report.summary);
    if let Some(cause) = &report.cause {
        say!("");
        say!("Cause:  {}", cause.status);
        say!("Means:  {}", cause.meaning);
        say!("Fix:    {}", cause.fix);
        if cause.move_off_password {
            say!(
                "Move:   sftoken migrate {:?} --to jwt   (or client-credentials, web: sftoken migrate --help)",
                report.profile
            );
        }
    }
    let LoginLookup::Attempts { attempts, .. } = &report.lookup else {
        return;
    };
    if attempts.is_empty() {
        return;
    }
    say!("");
    say!("Latest attempts, newest first:");
    let rows: Vec<[&str; 5]> = attempts
        .iter()
        .map(|a| {
            [
                a.login_time.as_str(),
                a.status.as_str(),
                a.application.as_str(),
                a.source_ip.as_str(),
                a.login_url.as_str(),
            ]
        })
        .collect();
    let header = ["TIME", "STATUS", "APPLICATION", "SOURCE IP", "LOGIN URL"];
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count().min(60));
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, w)| format!("{:<w$}", cell.chars().take(60).collect::<String>()))
            .collect();
        say!("  {}", cells.join("  ").trim_end());
    }
}
