// One Thomas test of one leg, as measured, and the parsers that turn user text
// (flags, CSV cells, test files) into it.
#pragma once

#include <array>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "thomas/errors.h"
#include "thomas/ids.h"
#include "thomas/vocabulary.h"

namespace thomas {

// Who, when and with what a test was taken (test files and CSV columns). Never interpreted by
// the rules; `progress` orders and compares visits by them, `score` and `batch` ignore them.
struct VisitInfo {
    std::string patient;
    std::string date;  // ISO 8601 YYYY-MM-DD, checked when read
    std::string examiner;
    std::string device;

    // Empties every string, keeping its capacity (a row read into the same VisitInfo each
    // time allocates nothing). A member added above is cleared here.
    void clear() {
        patient.clear();
        date.clear();
        examiner.clear();
        device.clear();
    }
};
static_assert(sizeof(VisitInfo) == 4 * sizeof(std::string), "VisitInfo::clear() misses a member");

// What was measured on one leg. Every field is optional: an unmeasured value is
// reported as not_measured by the engine, never treated as 0.
struct Measurements {
    std::optional<Side> side;
    // Indexed by Measure; lumbar_flat is stored as 1.0 (yes) / 0.0 (no).
    std::array<std::optional<double>, k_measure_count> values{};
    std::optional<PainSet> pain;          // nullopt = not asked; {none} = asked, no pain
    std::optional<RedFlagSet> red_flags;  // the red-flag history screen, like pain
    StepMask done;                        // programme steps already completed
    bool persists = false;                // tightness persists after working through the programme
    bool knee_as_interior = false;        // knee_flexion was entered as the interior angle
    // Change of each measure since the patient's first visit, judged against its `mdc`: set by
    // `progress` for the latest visit, never by a single test.
    std::array<std::optional<Change>, k_measure_count> change{};
    VisitInfo visit;

    std::optional<double>& operator[](Measure m) { return values[static_cast<std::size_t>(m)]; }
    const std::optional<double>& operator[](Measure m) const {
        return values[static_cast<std::size_t>(m)];
    }
    // True if any measurement, pain or red-flag answer is present (side/done/persists do not
    // count).
    bool has_any_measurement() const;
    // As `*this = Measurements{}`, but `visit` keeps its strings: `batch` reads a row into the
    // same Measurements each time and never fills `visit`. A member added above is reset here.
    void clear_readings();
};

// Parse an angle in degrees: "12", "-7.5", "12°", "12 deg", "12 degrees" (surrounding space ok).
// Throws InputError for anything else, e.g. "5,5" (a decimal comma), "7o", "", "nan", "inf".
// With `decimal_comma`, one comma is the decimal mark ("72,5") and a point is refused, so a
// thousands separator is never mistaken for one.
double parse_degrees(std::string_view field, std::string_view text, bool decimal_comma = false);

// The word parsers below accept the contract's words and, given a rule set's vocabulary, its
// synonyms for them ("ja", "L", "Leiste"); messages list both.

// Parse yes/no (also true/false, 1/0, y/n; case-insensitive). Throws InputError otherwise.
bool parse_yes_no(std::string_view field, std::string_view text,
                  const Vocabulary* vocabulary = nullptr);

// Parse a comma (or ';') separated pain list of contract ids. "none" cannot be combined with
// another word. Throws InputError naming the unknown word and the accepted ones.
PainSet parse_pain_list(std::string_view text, const Vocabulary* vocabulary = nullptr);

// The same for the red-flag history screen (field "red_flags").
RedFlagSet parse_red_flag_list(std::string_view text, const Vocabulary* vocabulary = nullptr);

// Parse a comma (or ';') separated list of step numbers 1..7. Throws InputError otherwise.
StepMask parse_step_list(std::string_view text);

// Parse "left" / "right" (case-insensitive). Throws InputError otherwise.
Side parse_side_text(std::string_view text, const Vocabulary* vocabulary = nullptr);

// Interior knee angle (180 = straight) to goniometric flexion (0 = straight). Geometry, not a
// clinical rule: the two conventions are supplements of each other.
inline double knee_flexion_from_interior(double interior) {
    return 180.0 - interior;
}

}  // namespace thomas
