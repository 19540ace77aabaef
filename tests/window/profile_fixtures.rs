//! Profile files with many profiles, for the window tests and the window bench (`benches/window`).

/// `n` profiles: every third a sandbox, every fifth a My Domain; names "Org 0001"….
pub fn profile_file(n: usize) -> String {
    let profiles: Vec<serde_json::Value> = (1..=n)
        .map(|i| {
            let target = match i {
                i if i % 5 == 0 => {
                    serde_json::json!({"kind": "my_domain", "host": format!("org{i:04}")})
                }
                i if i % 3 == 0 => serde_json::json!({"kind": "sandbox"}),
                _ => serde_json::json!({"kind": "production"}),
            };
            serde_json::json!({
                "id": format!("org-{i:04}-00000000"),
                "name": format!("Org {i:04}"),
                "target": target,
                "grant": "password",
                "client_id": format!("3MVG9.client.{i:04}"),
                "username": format!("admin{i:04}@example.com"),
                "remember_secrets": false,
            })
        })
        .collect();
    serde_json::json!({"version": 1, "profiles": profiles}).to_string()
}
