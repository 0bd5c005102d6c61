//! The runtime's checks: IRD numbers on the worked examples of "IR Number
//! Validation Modulus 11 Digit Check" (Identity and Access), dates, and the
//! paths violations are reported at.

use ird_gateway::runtime::{Checker, Format, IrdNumber, Validate, Violation};

#[test]
fn the_six_worked_examples() {
    // Examples 1 to 4 are valid; 3 and 4 need the secondary weights.
    for valid in ["49091850", "35901981", "49098576", "136410132"] {
        let number = IrdNumber::parse(valid).unwrap_or_else(|e| panic!("{valid}: {e}"));
        assert_eq!(number.to_string(), valid.trim_start_matches('0'));
    }
    // Example 5: the check digit does not match.
    let err = IrdNumber::parse("136410133").unwrap_err();
    assert!(err.contains("check digit"), "{err}");
    // Example 6: below 10-000-000.
    let err = IrdNumber::parse("9125568").unwrap_err();
    assert!(err.contains("8 or 9 digits"), "{err}");
    let err = IrdNumber::from_integer(9125568).unwrap_err();
    assert!(err.contains("range"), "{err}");
}

#[test]
fn ird_numbers_are_digits_in_range() {
    assert_eq!(IrdNumber::from_integer(49091850).unwrap().get(), 49091850);
    assert!(
        "049091850".parse::<IrdNumber>().is_ok(),
        "a leading zero pads to 9 digits"
    );
    for bad in [
        "",
        "49-091-850",
        "4909185O",
        "150000001",
        "1234567890",
        "-49091850",
    ] {
        assert!(IrdNumber::parse(bad).is_err(), "{bad}");
    }
    assert!(IrdNumber::from_integer(-1).is_err());
}

/// A request-like value with one field of each checked kind.
struct Sample {
    date: &'static str,
    at: &'static str,
    ird: &'static str,
    name: &'static str,
    items: Vec<Sample>,
}

impl Validate for Sample {
    fn check(&self, checker: &mut Checker) {
        checker.format("Date", self.date, Format::Date);
        checker.format("At", self.at, Format::DateTime);
        checker.format("Ird", self.ird, Format::IrdNumber);
        checker.length("Name", self.name, Some(1), Some(5));
        checker.items("Items", self.items.len(), None, Some(1));
        checker.nested("Items", &self.items);
    }
}

fn sample(date: &'static str, at: &'static str) -> Sample {
    Sample {
        date,
        at,
        ird: "49091850",
        name: "Kiri",
        items: vec![],
    }
}

#[test]
fn dates_and_date_times() {
    for (date, ok) in [
        ("2020-02-29", true),
        ("2021-02-29", false),
        ("2020-20-20", false),
        ("2020-04-31", false),
        ("2020-4-1", false),
        ("9999-12-31", true),
    ] {
        assert_eq!(
            sample(date, "2020-05-27T11:46:39").validate().is_ok(),
            ok,
            "{date}"
        );
    }
    for (at, ok) in [
        ("2020-05-27T11:46:39", true),
        ("2020-05-27T11:46:39.123", true),
        ("2020-05-27T11:46:39Z", true),
        ("2020-05-27T11:46:39+12:00", true),
        ("2020-05-27 11:46:39", false),
        ("2020-05-27T24:00:00", false),
        ("2020-05-27T11:46", false),
        ("2020-05-27T11:46:39+1200", false),
    ] {
        assert_eq!(sample("2020-01-01", at).validate().is_ok(), ok, "{at}");
    }
}

#[test]
fn every_violation_is_reported_with_its_path() {
    let mut outer = sample("2020-13-01", "x");
    outer.name = "";
    outer.items = vec![
        sample("2020-01-01", "2020-01-01T00:00:00"),
        sample("2020-01-01", "y"),
    ];
    outer.items[1].ird = "136410133";
    outer.items[1].name = "Aroha Te";
    let violations = outer.validate().unwrap_err();
    let paths: Vec<&str> = violations.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "Date",
            "At",
            "Name",
            "Items",
            "Items[1].At",
            "Items[1].Ird",
            "Items[1].Name"
        ]
    );
    let Violation { rule, .. } = &violations[3];
    assert_eq!(rule, "at most 1 items, got 2");
    assert_eq!(
        violations[6].to_string(),
        "at Items[1].Name: at most 5 characters, got 8"
    );
}
