//! Sizes as people write them on the command line: `10KB`, `1.5MB`, `50mb`,
//! `2000` (bytes). Decimal units, as the speed budget counts them.

use std::fmt;

/// Why a size could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SizeError {
    pub input: String,
}

impl fmt::Display for SizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a size: write a number and an optional unit, e.g. 10KB, 2.5MB, 50MB",
            self.input
        )
    }
}

impl std::error::Error for SizeError {}

/// Reads `10KB`, `2.5MB`, `1GB` or plain bytes; units are decimal and
/// case-insensitive, `B` optional (`10k`).
pub fn parse_size(input: &str) -> Result<usize, SizeError> {
    let error = || SizeError {
        input: input.to_string(),
    };
    let trimmed = input.trim();
    let split = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let multiplier: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        _ => return Err(error()),
    };
    let value: f64 = number.parse().map_err(|_| error())?;
    let bytes = value * multiplier;
    if !(1.0..=1e12).contains(&bytes) {
        return Err(error());
    }
    Ok(bytes as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_decimal_and_case_insensitive() {
        assert_eq!(parse_size("10KB"), Ok(10_000));
        assert_eq!(parse_size("10kb"), Ok(10_000));
        assert_eq!(parse_size("2.5MB"), Ok(2_500_000));
        assert_eq!(parse_size("50m"), Ok(50_000_000));
        assert_eq!(parse_size("2000"), Ok(2000));
    }

    #[test]
    fn nonsense_is_an_error_that_names_the_input() {
        let error = parse_size("ten").unwrap_err();
        assert!(error.to_string().contains("`ten`"));
        assert!(parse_size("10XB").is_err());
        assert!(parse_size("0").is_err());
        assert!(parse_size("").is_err());
    }
}
