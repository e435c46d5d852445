// Row scoring and output for `thomas batch` (see include/thomas/batch.h for the contract).
//
// The hot path, once per record: the CSV reader hands out views into its buffer, each mapped
// cell goes through the core parsers (parse_degrees etc.) and check_range, a Scorer runs on
// a Measurements and an Assessment that live as long as the run, and the output is appended to
// the csv::Writer's buffer (CSV) or to json_ by a json::Writer (JSONL). Nothing on a well-formed
// row allocates once the reused buffers have grown; bad rows (rare) may allocate and throw, which
// is fine. Every input record gives exactly one output record, whatever is wrong with it.
//
// --explain-columns and --patient cost nothing per row when off: one well-predicted test each.
// With --patient, a scorable row with a side and a patient id is held (copied, since the reader
// reuses its buffer) until the next row says whether it is the same patient's other leg.
#include "thomas/batch.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <istream>
#include <iterator>
#include <ostream>
#include <system_error>
#include <thread>

#include "batch_run.h"
#include "json_report_parts.h"
#include "json_writer.h"
#include "text_util.h"
#include "thomas/csv.h"
#include "thomas/engine.h"
#include "thomas/printable.h"

namespace thomas::batch {
namespace {

constexpr std::uint64_t k_progress_every = 8192;

constexpr std::array<std::string_view, 5> k_result_columns = {"result", "implicated", "flags",
                                                              "next_step", "error"};
constexpr std::array<std::string_view, 3> k_ruleset_columns = {"ruleset", "ruleset_version",
                                                               "ruleset_sha256"};
constexpr std::array<std::string_view, 3> k_explain_columns = {"next_step_title", "why", "notes"};
// Between two notes in the `notes` column: the rule sets' notes may hold "; " themselves.
constexpr std::string_view k_note_separator = " | ";

bool blank(std::string_view s) {
    for (const char c : s) {
        if (c != ' ' && c != '\t') {
            return false;
        }
    }
    return true;
}

// Appends a notable left-right difference as a note, in the rule set's words: "Thigh angle,
// left - right: 10 deg (left 12 deg, right 2 deg; notable from 3 deg)".
void append_asymmetry_note(std::string& out, const RuleSet& rules, const AsymmetryItem& item) {
    out += rules.measure(item.measure).label;
    if (item.minus) {
        const std::string& minus = rules.measure(*item.minus).label;
        out += " minus ";
        if (!minus.empty()) {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(minus[0])));
            out.append(minus, 1);
        }
    }
    const std::string& unit = rules.measure(item.measure).unit;
    const std::string_view space = unit.empty() ? "" : " ";
    auto to = std::back_inserter(out);
    fmt::format_to(to, ", left - right: {:g}{}{} (left {:g}{}{}, right {:g}{}{}", item.difference,
                   space, unit, item.left, space, unit, item.right, space, unit);
    if (item.threshold) {
        fmt::format_to(to, "; notable from {:g}{}{}", *item.threshold, space, unit);
    }
    out += ')';
}

// Where --patient's column is, or nullopt without --patient. A header that is not there, or a
// file without a side column (nothing could pair), is a usage error, like a --map header.
std::optional<std::size_t> find_patient_column(std::span<const std::string_view> header,
                                               const ColumnMap& map, const std::string& name) {
    if (name.empty()) {
        return std::nullopt;
    }
    const auto found = columns_named(header, name);
    if (found.empty()) {
        throw MapError(fmt::format("--patient {}: the header has no column \"{}\" (columns: {})",
                                   name, name, fmt::join(header, ", ")));
    }
    if (!map[Field::side]) {
        throw MapError(fmt::format(
            "--patient {}: the header has no side column, so no row can be paired with the "
            "patient's other leg (columns: {}); add a side column or map one with --map "
            "side=HEADER",
            name, fmt::join(header, ", ")));
    }
    if (found.size() > 1) {
        throw MapError(
            fmt::format("--patient {}: the header has {} columns named \"{}\"; rename "
                        "one",
                        name, found.size(), name));
    }
    return found[0];
}

// The ids of every subset of a small enum joined with ';', indexed by the set's bits, built
// once so a row's lists cost a table look-up.
template <typename E, std::size_t N>
std::array<std::string, (1u << N)> joined_ids() {
    std::array<std::string, (1u << N)> table;
    for (std::size_t bits = 0; bits < table.size(); ++bits) {
        for (std::size_t i = 0; i < N; ++i) {
            if ((bits >> i) & 1u) {
                table[bits] += table[bits].empty() ? "" : ";";
                table[bits] += to_string(static_cast<E>(i));
            }
        }
    }
    return table;
}

}  // namespace

namespace detail {

class Runner {
public:
    Runner(const RunSetup& setup, std::ostream& out)
        : rules_(setup.rules),
          out_(out),
          options_(setup.options),
          map_(setup.map),
          patient_(setup.patient),
          line_numbers_(setup.line_numbers),
          header_(setup.header),
          writer_(out, options_.delimiter, options_.safe_spreadsheet) {
        for (std::size_t i = 0; i < k_field_count; ++i) {
            // Visit columns (patient, date, examiner, device) pass through unread: batch scores
            // each row alone, and a clinic's own date format is not an error here.
            if (map_.column[i] && !is_visit_field(fields()[i])) {
                mapped_.emplace_back(static_cast<Field>(i), *map_.column[i]);
            }
        }
        if (options_.format == Format::jsonl) {
            // JSON object keys must be unique: a repeated header name gets a "_2", "_3"... suffix.
            for (std::size_t i = 0; i < header_.size(); ++i) {
                std::string key = header_[i];
                for (int n = 2; std::find(keys_.begin(), keys_.end(), key) != keys_.end(); ++n) {
                    key = fmt::format("{}_{}", header_[i], n);
                }
                keys_.push_back(std::move(key));
            }
        }
    }

    void write_header() {
        if (options_.format != Format::csv) {
            return;
        }
        for (const auto& h : header_) {
            writer_.field(h);
        }
        for (auto c : k_result_columns) {
            writer_.field(c);
        }
        if (options_.explain_columns) {
            for (auto c : k_explain_columns) {
                writer_.field(c);
            }
        }
        if (options_.ruleset_columns) {
            for (auto c : k_ruleset_columns) {
                writer_.field(c);
            }
        }
        writer_.end_record();
    }

    void row(const csv::Record& record) {
        ++summary_.rows_read;
        error_.clear();
        record_ = &record;
        const std::size_t width = map_.width;
        const std::size_t found = record.fields.size();
        if (found == width) {
            cells_ = std::span<const std::string_view>(record.fields);
        } else {
            padded_.assign(
                record.fields.begin(),
                record.fields.begin() + static_cast<std::ptrdiff_t>(std::min(found, width)));
            padded_.resize(width);  // a short row is padded with empty cells
            cells_ = padded_;
        }

        if (!record.error.empty()) {
            row_error(record.error);
        } else if (found != width) {
            row_error(fmt::format("expected {} fields, found {}", width, found));
        }
        if (found > width) {
            // Keep the cells that have no column in the message, so nothing is lost.
            std::vector<std::string> extra;
            for (std::size_t i = width; i < found; ++i) {
                extra.push_back(fmt::format("\"{}\"", record.fields[i]));
            }
            error_ += fmt::format("; extra cells: {}", fmt::join(extra, ", "));
        }
        if (error_.empty()) {
            parse_cells();
        }
        if (patient_) {
            pair_or_hold();
        } else {
            score_alone(record, cells_, m_, error_);
        }
    }

    void finish() {
        if (holding_) {
            release_held();
        }
        writer_.flush();
        if (options_.format == Format::jsonl) {
            errno = 0;
            out_.flush();
            check_stream();
        }
    }

    const BatchSummary& summary() const { return summary_; }

    void continue_output() { writer_.continue_output(); }

    BatchSummary score(csv::Reader& reader, const ProgressFn& progress) {
        summary_ = {};
        while (reader.next(record_buffer_)) {
            row(record_buffer_);
            if (progress && summary_.rows_read % k_progress_every == 0) {
                progress(summary_.rows_read);
            }
        }
        finish();
        return summary_;
    }

private:
    std::string where() const {
        const csv::Record& r = *record_;
        return r.line == r.number || !line_numbers_
                   ? fmt::format("row {}", r.number)
                   : fmt::format("row {} (line {})", r.number, r.line);
    }

    void row_error(std::string_view message) { error_ = fmt::format("{}: {}", where(), message); }

    // Cell errors of one row are collected: "row 5, column a: ...; column b: ...".
    void cell_error(std::size_t column, std::string_view message) {
        error_ += error_.empty() ? where() + ", " : std::string("; ");
        error_ += fmt::format("column {}: {}", header_[column], message);
    }

    void parse_cells() {
        m_.clear_readings();  // visit is never read here: its strings are not reassigned
        const auto knee = map_[Field::knee_flexion];
        const auto interior = map_[Field::knee_angle_interior];
        if (knee && interior && !blank(cells_[*knee]) && !blank(cells_[*interior])) {
            error_ = fmt::format("{}, columns {} and {}: {}", where(), header_[*knee],
                                 header_[*interior], knee_conflict_message());
            return;
        }
        // Each value is range-checked in its own cell, so every bad cell of the row is reported.
        for (const auto& [field, column] : mapped_) {
            const std::string_view cell = cells_[column];
            if (blank(cell)) {
                continue;  // an empty cell is "not measured", never 0
            }
            try {
                read_field(field, cell, m_, &rules_, options_.decimal_comma);
            } catch (const InputError& e) {
                const bool comma = !options_.decimal_comma &&
                                   spec(field).kind == FieldKind::angle &&
                                   cell.find(',') != std::string_view::npos;
                cell_error(column, comma ? fmt::format("{}; for a file written with decimal "
                                                       "commas (72,5), add --decimal-comma",
                                                       e.what())
                                         : std::string(e.what()));
            }
        }
        if (!error_.empty()) {
            return;
        }
        if (!m_.has_any_measurement()) {
            row_error("no measurement in this row (every measurement cell is empty)");
        }
    }

    // Scores one row on its own (an empty `error`) or counts it as an error row, and writes it.
    void score_alone(const csv::Record& record, std::span<const std::string_view> cells,
                     const Measurements& m, const std::string& error) {
        if (error.empty()) {
            scorer_.assess_into(m, a_, memo_);
            ++summary_.rows_scored;
            ++summary_.per_result[static_cast<std::size_t>(a_.result)];
        } else {
            ++summary_.errors;
        }
        write_row(record, cells, m, a_, error, false);
    }

    // --patient: pairs the current row with the held one when they are the same patient's two
    // legs, else releases the held row scored alone and holds the current row if it could pair
    // with the next. Rows leave in input order, and at most one waits.
    void pair_or_hold() {
        const std::string_view key = thomas::detail::trim(cells_[*patient_]);
        const bool pairable = error_.empty() && m_.side && !key.empty();
        if (holding_) {
            if (pairable && *m_.side != *held_.m.side && key == held_.key) {
                write_pair();
                return;
            }
            release_held();
        }
        if (pairable) {
            hold(key);
        } else {
            score_alone(*record_, cells_, m_, error_);
        }
    }

    // The held row and the current one are one patient's two legs: scored together, written
    // in input order.
    void write_pair() {
        holding_ = false;
        const bool held_left = *held_.m.side == Side::left;
        const Measurements& left = held_left ? held_.m : m_;
        const Measurements& right = held_left ? m_ : held_.m;
        scorer_.assess_pair_into(left, right, pair_);
        // The left-right comparison is written only in JSONL and in the notes column.
        const bool csv = options_.format == Format::csv;
        if (options_.format == Format::jsonl || (csv && options_.explain_columns)) {
            asymmetry_ = compare_sides(rules_, left, right);
        }
        pair_notes_.clear();
        if (csv && options_.explain_columns) {
            for (const auto& item : asymmetry_) {
                if (item.notable) {
                    pair_notes_ += pair_notes_.empty() ? "" : k_note_separator;
                    append_asymmetry_note(pair_notes_, rules_, item);
                }
            }
        }
        for (const Assessment* a : {&pair_.left, &pair_.right}) {
            ++summary_.rows_scored;
            ++summary_.per_result[static_cast<std::size_t>(a->result)];
        }
        write_row(held_.record, held_.record.fields, held_.m, held_left ? pair_.left : pair_.right,
                  {}, true);
        write_row(*record_, cells_, m_, held_left ? pair_.right : pair_.left, error_, true);
    }

    // Copies the current row (a scorable one: no error, one cell per column) out of the
    // reader's buffer, which the next row overwrites.
    void hold(std::string_view key) {
        const csv::Record& r = *record_;
        std::size_t size = r.verbatim ? r.text.size() : 0;
        for (const auto f : r.fields) {
            size += f.size();
        }
        held_.bytes.resize(size);
        char* p = held_.bytes.data();
        const auto copy = [&p](std::string_view v) {
            if (!v.empty()) {
                std::memcpy(p, v.data(), v.size());
            }
            const std::string_view copied(p, v.size());
            p += v.size();
            return copied;
        };
        csv::Record& h = held_.record;
        h.fields.clear();
        for (const auto f : r.fields) {
            h.fields.push_back(copy(f));
        }
        h.text = r.verbatim ? copy(r.text) : std::string_view();
        h.verbatim = r.verbatim;
        h.number = r.number;
        h.line = r.line;
        h.error.clear();
        const std::string_view cell = r.fields[*patient_];
        held_.key = h.fields[*patient_].substr(static_cast<std::size_t>(key.data() - cell.data()),
                                               key.size());
        held_.m = m_;
        holding_ = true;
    }

    void release_held() {
        holding_ = false;
        score_alone(held_.record, held_.record.fields, held_.m, {});
    }

    // One output row. `paired`: scored with the patient's other leg (pair_), so the next step
    // is the patient's and the notes add the notable left-right differences.
    void write_row(const csv::Record& record, std::span<const std::string_view> cells,
                   const Measurements& m, const Assessment& a, const std::string& error,
                   bool paired) {
        if (options_.on_row) {
            RowView view;
            view.number = record.number;
            view.cells = cells;
            view.header = header_;
            view.map = &map_;
            view.error = error;
            if (error.empty()) {
                view.m = &m;
                view.a = &a;
                view.patient = paired ? &pair_.patient : nullptr;
            }
            options_.on_row(view);
        }
        if (options_.format == Format::csv) {
            write_csv_row(record, cells, a, error, paired);
        } else if (options_.format == Format::jsonl) {
            write_json_row(record, cells, m, a, error, paired);
        }
    }

    void write_csv_row(const csv::Record& record, std::span<const std::string_view> cells,
                       const Assessment& a, const std::string& error, bool paired) {
        if (record.fields.size() == map_.width) {
            writer_.fields(record);  // copied as read when that gives the same bytes
        } else {
            for (const auto cell : cells) {
                writer_.field(cell);
            }
        }
        if (error.empty()) {
            writer_.field(thomas::to_string(a.result));
            writer_.field(tissue_lists_[a.implicated.bits()]);
            writer_.field(flag_lists_[a.flags.bits()]);
            const int next_step = paired ? pair_.patient.next_step : a.next_step;
            char digits[16];
            const auto end = std::to_chars(digits, digits + sizeof digits, next_step).ptr;
            writer_.field(std::string_view(digits, static_cast<std::size_t>(end - digits)));
            writer_.field({});
        } else {
            writer_.field("error");
            for (int i = 0; i < 3; ++i) {
                writer_.field({});
            }
            writer_.field(printable(error));  // it may quote bytes of a hostile cell
        }
        if (options_.explain_columns) {
            write_explain_columns(a, error, paired);
        }
        if (options_.ruleset_columns) {
            writer_.field(rules_.name);
            writer_.field(rules_.version);
            writer_.field(rules_.sha256);
        }
        writer_.end_record();
    }

    // next_step_title, why and notes, from the rule set: the step's title, the decision row's
    // why and the matched findings' notes (the patient's step and why for a paired row, whose
    // notes then end with the notable left-right differences). Empty for an error row.
    void write_explain_columns(const Assessment& a, const std::string& error, bool paired) {
        if (!error.empty()) {
            for (int i = 0; i < 3; ++i) {
                writer_.field({});
            }
            return;
        }
        const int step = paired ? pair_.patient.next_step : a.next_step;
        const auto row = paired ? pair_.patient.next_step_row : a.next_step_row;
        writer_.field(rules_.step(step).title);
        writer_.field(next_step_why(rules_, row));
        notes_.clear();
        for (const std::size_t fi : a.findings) {
            const std::string& note = rules_.findings[fi].note;
            if (!note.empty()) {
                notes_ += notes_.empty() ? "" : k_note_separator;
                notes_ += note;
            }
        }
        if (paired && !pair_notes_.empty()) {
            notes_ += notes_.empty() ? "" : k_note_separator;
            notes_ += pair_notes_;
        }
        writer_.field(notes_);
    }

    // One contract object per row, plus "input": the row's cells under their header names
    // (null for a cell a short row lacks). A paired row adds the patient's verdict ("patient")
    // and the left-right comparison ("asymmetry"), as in `score`'s JSON of both legs. Written
    // into one buffer reused across rows.
    void write_json_row(const csv::Record& record, std::span<const std::string_view> cells,
                        const Measurements& m, const Assessment& a, const std::string& error,
                        bool paired) {
        json_.clear();
        json::Writer& w = json_writer_;
        w.begin_object();
        if (error.empty()) {
            write_assessment_members(w, rules_, m, a, false, record.number);
        } else {
            write_error_members(w, rules_, record.number, printable(error));
        }
        if (paired) {
            w.key("patient");
            write_patient(w, rules_, pair_.patient);
            w.key("asymmetry");
            write_asymmetry(w, rules_, asymmetry_);
        }
        w.key("input");
        w.begin_object();
        const std::size_t found = record.fields.size();
        for (std::size_t i = 0; i < cells.size(); ++i) {
            w.key(keys_[i]);
            i < found ? w.string(cells[i]) : w.null();
        }
        w.end_object();
        w.end_object();
        json_ += '\n';
        errno = 0;
        out_.write(json_.data(), static_cast<std::streamsize>(json_.size()));
        check_stream();
    }

    void check_stream() const {
        if (out_.bad()) {
            const int error = errno != 0 ? errno : static_cast<int>(std::errc::io_error);
            throw std::system_error(error, std::generic_category(), "batch: write failed");
        }
    }

    const RuleSet& rules_;
    const Scorer scorer_{rules_};  // the conditions compiled once for every row
    ScoreMemo memo_;               // this thread's: rows with the same facts skip the findings
    std::ostream& out_;
    const BatchOptions& options_;
    ColumnMap map_;
    std::optional<std::size_t> patient_;  // --patient's column
    bool line_numbers_;
    std::vector<std::string> header_;
    std::vector<std::string> keys_;                      // JSON keys for the input columns
    std::vector<std::pair<Field, std::size_t>> mapped_;  // the fields present, with their column
    csv::Writer writer_;
    csv::Record record_buffer_;  // what score() reads into
    const csv::Record* record_ = nullptr;
    std::span<const std::string_view> cells_;  // exactly one per header column
    std::vector<std::string_view> padded_;     // cells_ of a ragged row
    Measurements m_;
    Assessment a_;
    std::string error_;  // the current row's error message; empty = scored
    std::string notes_;  // the current row's notes column (--explain-columns)
    // --patient: the row waiting for the patient's other leg, and the last pair scored.
    struct Held {
        std::string bytes;  // the record's text and cells, which `record` views
        csv::Record record;
        Measurements m;
        std::string_view key;  // the patient id, trimmed, in `bytes`
    } held_;
    bool holding_ = false;
    PairAssessment pair_;
    std::vector<AsymmetryItem> asymmetry_;
    std::string pair_notes_;  // the notable differences of pair_, for both rows' notes
    std::string json_;        // the current JSONL row, its capacity kept across rows
    json::Writer json_writer_{json_};
    const std::array<std::string, 1u << k_tissue_count> tissue_lists_ =
        joined_ids<Tissue, k_tissue_count>();
    const std::array<std::string, 1u << k_flag_count> flag_lists_ =
        joined_ids<Flag, k_flag_count>();
    BatchSummary summary_;
};

RowScorer::RowScorer(const RunSetup& setup, std::ostream& out)
    : runner_(std::make_unique<Runner>(setup, out)) {}

RowScorer::~RowScorer() = default;

void RowScorer::write_header() {
    runner_->write_header();
}

void RowScorer::finish() {
    runner_->finish();
}

void RowScorer::continue_output() {
    runner_->continue_output();
}

BatchSummary RowScorer::score(csv::Reader& reader, const ProgressFn& progress) {
    return runner_->score(reader, progress);
}

void add(BatchSummary& to, const BatchSummary& from) {
    to.rows_read += from.rows_read;
    to.rows_scored += from.rows_scored;
    to.errors += from.errors;
    for (std::size_t i = 0; i < to.per_result.size(); ++i) {
        to.per_result[i] += from.per_result[i];
    }
}

}  // namespace detail

unsigned resolve_jobs(unsigned jobs) {
    return jobs != 0 ? jobs : std::max(1u, std::thread::hardware_concurrency());
}

BatchSummary run_batch(const RuleSet& rules, std::istream& in, std::ostream& out,
                       const BatchOptions& options, const ProgressFn& progress) {
    csv::ReaderOptions reader_options;
    reader_options.delimiter = options.delimiter;
    csv::Reader reader(in, reader_options);
    csv::Record record;
    read_header(reader, record, "side,thigh_angle,knee_flexion");
    const ColumnMap map = map_header(rules, record.fields, options);
    const detail::RunSetup setup{
        .rules = rules,
        .options = options,
        .map = map,
        .header = std::vector<std::string>(record.fields.begin(), record.fields.end()),
        .patient = find_patient_column(record.fields, map, options.patient_column),
        .line_numbers = options.first_row == 0 || options.first_line != 0,
    };
    if (options.first_row != 0) {
        reader.renumber(options.first_row,
                        options.first_line != 0 ? options.first_line : reader.next_line());
    }
    // --patient pairs each row with the next, across any cut between chunks: one thread.
    const unsigned jobs = resolve_jobs(options.jobs);
    if (jobs > 1 && !setup.patient) {
        return detail::run_parallel(setup, jobs, reader, in, out, progress);
    }
    detail::RowScorer scorer(setup, out);
    if (options.output_header) {
        scorer.write_header();
    } else {
        scorer.continue_output();
    }
    const BatchSummary summary = scorer.score(reader, progress);
    if (progress) {
        progress(summary.rows_read);
    }
    return summary;
}

}  // namespace thomas::batch
