//! `parley-gen`: writes a synthetic playbook to stdout.
//!
//! `parley-gen --seed 7 --size 10MB > big.parley`

use std::io::Write;
use std::process::ExitCode;

parley_bench::parleys_allocator!();

const USAGE: &str = "\
usage: parley-gen [--seed N] [--size SIZE]

Writes a realistic synthetic playbook to stdout: the same seed and size
always give the same text.

  --seed N      the seed (default 1)
  --size SIZE   about how big: 10KB, 1MB, 50MB, or bytes (default 100KB)

Example:
  parley-gen --seed 7 --size 10MB > big.parley";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("parley-gen: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let mut seed: u64 = 1;
    let mut size: usize = 100_000;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name.to_string(), Some(value.to_string())),
            None => (arg.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("`{name}` needs a value"))
        };
        match name.as_str() {
            "--seed" => {
                let text = value()?;
                seed = text
                    .parse()
                    .map_err(|_| format!("`{text}` is not a seed: write a whole number"))?;
            }
            "--size" => {
                size = parley_bench::parse_size(&value()?).map_err(|error| error.to_string())?;
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let text = parley_bench::generate(seed, size);
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        // A closed pipe (`parley-gen | head`) is not an error.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(format!("writing the playbook: {error}")),
    }
}
