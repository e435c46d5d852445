// Batch scoring of a clinic CSV (README "Batch"): one header row mapped to the
// contract's measurement fields, then every record scored and written out with the input
// columns kept verbatim. Streaming: memory is bounded by the largest record, not the row count.
// The core never prints; the CLI turns the exceptions below and the summary into messages.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "thomas/engine.h"
#include "thomas/errors.h"
#include "thomas/fields.h"
#include "thomas/ids.h"
#include "thomas/ruleset.h"

namespace thomas::csv {
class Reader;
struct Record;
}  // namespace thomas::csv

namespace thomas::batch {

// CSV columns map to the input fields of thomas/fields.h.
using thomas::Field;
using thomas::k_field_count;

// `none` writes nothing: the rows go only to BatchOptions::on_row (a caseload summary).
enum class Format : std::uint8_t { csv, jsonl, none };

struct ColumnMap;

// One row as run_batch scored it, handed to BatchOptions::on_row in input order. The views
// are valid only during the call.
struct RowView {
    std::uint64_t number = 0;                 // the data row's number, as in error messages
    std::span<const std::string_view> cells;  // one per header column (a short row padded)
    std::span<const std::string> header;
    const ColumnMap* map = nullptr;
    const Measurements* m = nullptr;  // null for an error row
    const Assessment* a = nullptr;    // null for an error row
    std::string_view error;           // empty when scored
    // With --patient, the verdict of the patient whose two legs were scored together.
    const PatientAssessment* patient = nullptr;
};

struct BatchOptions {
    char delimiter = ',';  // input field separator; CSV output uses the same one
    Format format = Format::csv;
    bool safe_spreadsheet = false;  // neutralise formula-like text cells in CSV output
    // Explicit "field=Header" pairs (--map); they win over names and aliases.
    std::vector<std::pair<std::string, std::string>> map;
    // Headers deliberately not read (--ignore), though they look like measurements.
    std::vector<std::string> ignore;
    bool decimal_comma = false;    // angles written "72,5" (--decimal-comma)
    bool ruleset_columns = false;  // CSV: add ruleset, ruleset_version, ruleset_sha256
    // CSV: add next_step_title, why and notes after the result columns (JSONL objects already
    // carry them: next_step.title, next_step.why, notes).
    bool explain_columns = false;
    // Header of the column naming the patient (--patient), empty = every row is scored alone.
    // Two consecutive scorable rows with the same non-blank value there and different sides are
    // scored together as one patient (assess_pair): each keeps its own leg's result, tissues and
    // flags, and both get the patient's next step (and, in JSONL, "patient" and "asymmetry").
    std::string patient_column;
    // Called with every output row (after it is written), so a program can summarise a caseload
    // with the same mapping, parsing and scoring as `batch`, without reading CSV again.
    std::function<void(const RowView&)> on_row;

    // Threads scoring the rows (--jobs): 1 reads, scores and writes on the calling thread; more
    // split the input at record boundaries into chunks scored in parallel and written in input
    // order, byte for byte what one thread writes; 0 = one per CPU. With a patient column the
    // run is on one thread (a pair may straddle two chunks).
    unsigned jobs = 1;
    // Bytes of input per chunk when jobs > 1 (tests use tiny ones to cut records everywhere).
    std::size_t chunk_bytes = std::size_t{64} << 10;
    // Partitions of a larger file (--no-output-header, --first-row, --first-line): without the
    // CSV header row their outputs concatenate into one file; the first data row is numbered
    // first_row (0 = as read: row 2), starting at line first_line (0 = as read, or unknown when
    // first_row is given: messages then name rows only).
    bool output_header = true;
    std::uint64_t first_row = 0;
    std::uint64_t first_line = 0;
};

// What a run did; `per_result` is indexed by Result.
struct BatchSummary {
    std::uint64_t rows_read = 0;  // data records (the header not counted)
    std::uint64_t rows_scored = 0;
    std::uint64_t errors = 0;  // rows written with result=error
    std::array<std::uint64_t, 5> per_result{};
};

// MapError and HeaderError are in thomas/errors.h.
using thomas::HeaderError;
using thomas::MapError;

// Which column (0-based) feeds each field; nullopt = the field is not in the file.
struct ColumnMap {
    std::array<std::optional<std::size_t>, k_field_count> column{};
    std::size_t width = 0;  // number of header columns

    const std::optional<std::size_t>& operator[](Field f) const {
        return column[static_cast<std::size_t>(f)];
    }
};

// Maps header cells to fields: exact contract names and the rule set's aliases, both
// case-insensitive with surrounding spaces ignored, then `options.map` overrides (a column
// claimed by --map is used only for that field, and other columns that would name the same
// field pass through). Every other column must plainly not be a measurement: one whose words
// match a field name or the rule set's column words ("Knee (deg)", "hip_angle") stops the run
// unless --ignore names it. Throws MapError (the user must choose: --map, --ignore or
// --delimiter) or HeaderError, each with a message naming the columns involved.
ColumnMap map_header(const RuleSet& rules, std::span<const std::string_view> header,
                     const BatchOptions& options);

// Reads a CSV's header record into `record`. Throws HeaderError for an empty input (naming
// `example` as a header it could have) or a malformed header row.
void read_header(csv::Reader& reader, csv::Record& record, std::string_view example);

// The columns a --map, --ignore or --patient name refers to: the exact matches, or if there are
// none the case-insensitive ones ignoring surrounding spaces (so "A" and "a" stay apart).
std::vector<std::size_t> columns_named(std::span<const std::string_view> header,
                                       std::string_view name);

// Called every few thousand rows with the number of data rows read so far (for a progress bar).
using ProgressFn = std::function<void(std::uint64_t rows)>;

// Reads CSV from `in`, writes one output record per input record to `out` (CSV or JSON Lines),
// in input order, returns the counts. Bad rows become result=error rows and scoring goes on.
// With a patient column, at most one scored row is held back, waiting for the patient's other
// leg. Throws HeaderError or MapError before writing anything (MapError also for a
// patient_column that is not in the header, or a header with no side column to pair by);
// std::invalid_argument for an unusable delimiter; std::system_error when reading or writing
// fails (the error code carries errno, e.g. EPIPE).
BatchSummary run_batch(const RuleSet& rules, std::istream& in, std::ostream& out,
                       const BatchOptions& options, const ProgressFn& progress = {});

// The number of threads BatchOptions::jobs asks for: jobs itself, or for 0 the CPUs (at least 1).
unsigned resolve_jobs(unsigned jobs);

}  // namespace thomas::batch
