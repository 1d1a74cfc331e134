//! `parley-gen`: writes a synthetic playbook to stdout.
//!
//! `parley-gen --seed 7 --size 10MB > big.parley`

use std::io::Write;
use std::process::ExitCode;

parley_bench::parleys_allocator!();

const USAGE: &str = "\
usage: parley-gen [--seed N] [--size SIZE] [--misspell N]

Writes a realistic synthetic playbook to stdout: the same seed and size
always give the same text.

  --seed N      the seed (default 1)
  --size SIZE   about how big: 10KB, 1MB, 50MB, or bytes (default 100KB)
  --misspell N  misspell every Nth step of the processes (a `q` added to
                its name), so that it names nothing declared (default 0:
                none)

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
    let mut misspell: usize = 0;
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
            "--misspell" => {
                let text = value()?;
                misspell = text.parse().map_err(|_| {
                    format!("`{text}` is not a number of steps: write a whole number")
                })?;
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let mut text = parley_bench::generate(seed, size);
    if misspell > 0 {
        text = parley_bench::misspell_steps(&text, misspell);
    }
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
