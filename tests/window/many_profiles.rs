//! Hundreds of orgs: with more than a handful of profiles the sidebar has a filter (name, username,
//! target; Ctrl+K or / gives it the keyboard, Escape clears it), and switching a profile updates
//! the list in place. A thousand profiles, written into the profile file before the app starts.

use fantoccini::key::Key;

use crate::harness::{Options, Window};
use crate::profile_fixtures::profile_file;

async fn shown(w: &Window) -> Vec<String> {
    w.strings("return [...document.querySelectorAll('#profile-list li')].filter((li) => !li.hidden).map((li) => li.dataset.id);")
        .await
}

#[tokio::test]
async fn a_thousand_profiles_are_filtered_by_name_user_or_target_and_switched_in_place() {
    let w = Window::open_with(Options {
        config_files: vec![("profiles.json", profile_file(1000))],
        ..Options::default()
    })
    .await;
    let all = shown(&w).await;
    assert_eq!(all.len(), 1000);
    // Grouped by target (production, sandboxes, My Domains), by name within each: the fixture
    // makes every fifth profile a My Domain and every other third a sandbox.
    let number = |id: &String| id[4..8].parse::<usize>().unwrap();
    let group = |n: usize| match n {
        n if n % 5 == 0 => 2,
        n if n % 3 == 0 => 1,
        _ => 0,
    };
    let order: Vec<(usize, usize)> = all
        .iter()
        .map(|id| (group(number(id)), number(id)))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "grouped by target, then by name");
    assert_eq!(
        &all[..3],
        [
            "org-0001-00000000",
            "org-0002-00000000",
            "org-0004-00000000"
        ]
    );
    // `/` gives the filter the keyboard from anywhere but a text field, and is not typed into it.
    w.find("#new-profile").await.send_keys("/").await.unwrap();
    assert_eq!(w.focused_id().await.as_deref(), Some("profile-filter"));
    assert_eq!(w.value("#profile-filter").await, "");
    // Ctrl+K does too, from a text field as well (from anywhere but a dialog).
    w.find("#client-id")
        .await
        .send_keys(&(Key::Control + "k"))
        .await
        .unwrap();
    assert_eq!(w.focused_id().await.as_deref(), Some("profile-filter"));
    w.type_into("#profile-filter", "admin0042").await;
    assert_eq!(shown(&w).await, ["org-0042-00000000"]);
    // Words narrow each other: the sandboxes whose name holds 015 (0150 and 0155 are My Domains).
    w.find("#profile-filter").await.clear().await.unwrap();
    w.type_into("#profile-filter", "sandbox org 015").await;
    assert_eq!(
        shown(&w).await,
        [
            "org-0153-00000000",
            "org-0156-00000000",
            "org-0159-00000000"
        ]
    );
    w.type_into("#profile-filter", "zzz").await;
    assert!(shown(&w).await.is_empty());
    w.wait_for("#profile-filter-none:not([hidden])").await;
    // Escape clears it: all are back.
    w.find("#profile-filter")
        .await
        .send_keys(&Key::Escape.to_string())
        .await
        .unwrap();
    assert_eq!(shown(&w).await.len(), 1000);
    // Switching marks the one chosen, in place.
    w.click("#profile-list li[data-id='org-0500-00000000']")
        .await;
    w.wait_for("#profile-list li[aria-selected='true'][data-id='org-0500-00000000']")
        .await;
    w.click("#profile-list li[data-id='org-0007-00000000']")
        .await;
    w.wait_for("#profile-list li[aria-selected='true'][data-id='org-0007-00000000']")
        .await;
    let selected = w
        .client
        .execute(
            "return document.querySelectorAll('#profile-list li[aria-selected=\"true\"]').length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(selected, 1);
    assert_eq!(w.value("#username").await, "admin0007@example.com");
    w.close().await;
}

#[tokio::test]
async fn a_handful_of_profiles_has_no_filter() {
    let w = Window::open_with(Options {
        config_files: vec![("profiles.json", profile_file(5))],
        ..Options::default()
    })
    .await;
    assert!(!w
        .find("#profile-filter")
        .await
        .is_displayed()
        .await
        .unwrap());
    w.close().await;
}
