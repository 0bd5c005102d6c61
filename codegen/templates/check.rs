//! Check a payload against the generated types before sending it.
//!
//! ```text
//! cargo run -p CRATE --example check -- MODULE OPERATION_ID request FILE
//! cargo run -p CRATE --example check -- MODULE OPERATION_ID response STATUS FILE
//! ```
//!
//! STATUS is a number or `default`. Prints the payload as the types
//! re-encode it, or exits 1 with the fault and the path of the field.
//! Requests are also validated against the rules of the spec and the build
//! packs (lengths, item counts, formats, IRD numbers, identifier groups):
//! every violation is printed, each with its path, and the exit code is 1.
//!
//! This file is copied verbatim from `codegen/templates/check.rs` by
//! ird-codegen.

use std::process::ExitCode;

use CRATE_NAME::runtime::{BodyInfo, Status};
use CRATE_NAME::APIS;

const USAGE: &str = "usage: check MODULE OPERATION_ID request FILE\n       \
                     check MODULE OPERATION_ID response STATUS FILE";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(output) => {
            // A reader that has gone (`| head`) is no failure of the check.
            use std::io::Write as _;
            match writeln!(std::io::stdout().lock(), "{output}") {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => ExitCode::FAILURE,
                _ => ExitCode::SUCCESS,
            }
        }
        Err(Failure::Usage(message)) => {
            eprintln!("{message}\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Invalid(message)) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

enum Failure {
    Usage(String),
    Invalid(String),
}

fn run(args: &[String]) -> Result<String, Failure> {
    let (module, operation_id, rest) = match args {
        [module, operation_id, rest @ ..] => (module, operation_id, rest),
        _ => return Err(Failure::Usage("expected MODULE and OPERATION_ID".into())),
    };
    let api = APIS
        .iter()
        .find(|a| a.module == module.as_str())
        .ok_or_else(|| {
            let known: Vec<&str> = APIS.iter().map(|a| a.module).collect();
            Failure::Usage(format!(
                "no module `{module}`; modules: {}",
                known.join(", ")
            ))
        })?;
    let operation = api.operation(operation_id).ok_or_else(|| {
        let known: Vec<&str> = api.operations.iter().map(|o| o.operation_id).collect();
        Failure::Usage(format!(
            "no operation `{operation_id}` in `{module}`; operations: {}",
            known.join(", ")
        ))
    })?;
    let (body, file, what): (Option<BodyInfo>, &String, String) = match rest {
        [kind, file] if kind == "request" => (operation.request, file, "request".into()),
        [kind, status, file] if kind == "response" => {
            let response = if status == "default" {
                operation
                    .responses
                    .iter()
                    .find(|r| r.status == Status::Default)
            } else {
                let code: u16 = status.parse().map_err(|_| {
                    Failure::Usage(format!(
                        "STATUS must be a number or `default`, not `{status}`"
                    ))
                })?;
                operation.response(code)
            };
            let response = response.ok_or_else(|| {
                Failure::Usage(format!(
                    "`{operation_id}` lists no response for status {status}"
                ))
            })?;
            (response.body, file, format!("{} response", response.status))
        }
        _ => {
            return Err(Failure::Usage(
                "expected `request FILE` or `response STATUS FILE`".into(),
            ))
        }
    };
    let bytes = std::fs::read(file).map_err(|e| Failure::Usage(format!("{file}: {e}")))?;
    let Some(body) = body else {
        return if bytes.iter().all(u8::is_ascii_whitespace) {
            Ok(String::new())
        } else {
            Err(Failure::Invalid(format!(
                "{file}: the {what} of `{operation_id}` has no body"
            )))
        };
    };
    let value = body.check(&bytes).map_err(|err| {
        Failure::Invalid(format!(
            "{file}: not a valid {} ({what} of `{operation_id}`) {err}",
            body.type_name
        ))
    })?;
    let violations = body
        .violations(&bytes)
        .map_err(|err| Failure::Invalid(err.to_string()))?;
    if !violations.is_empty() {
        let lines: Vec<String> = violations.iter().map(|v| format!("  {v}")).collect();
        return Err(Failure::Invalid(format!(
            "{file}: {} breaks {} rule(s) ({what} of `{operation_id}`):\n{}",
            body.type_name,
            violations.len(),
            lines.join("\n")
        )));
    }
    serde_json::to_string_pretty(&value).map_err(|e| Failure::Invalid(e.to_string()))
}
