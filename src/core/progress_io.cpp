// `progress` input from a clinic CSV, and its JSON and CSV output (see progress.h).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <istream>
#include <memory>
#include <ostream>

#include "chunk_sources.h"
#include "json_report_parts.h"
#include "json_writer.h"
#include "ordered_blocks.h"
#include "progress_store.h"
#include "record_splitter.h"
#include "string_sink.h"
#include "text_util.h"
#include "thomas/batch.h"
#include "thomas/csv.h"
#include "thomas/fields.h"
#include "thomas/number_text.h"
#include "thomas/progress.h"

namespace thomas::progress {
namespace {

// --patient / --date, or the first of the default names the header has.
void map_visit_column(std::span<const std::string_view> header, Field field,
                      const std::string& given, std::initializer_list<std::string_view> defaults,
                      std::string_view flag, batch::BatchOptions& options) {
    const std::string name(spec(field).name);
    const bool mapped = std::any_of(options.map.begin(), options.map.end(),
                                    [&](const auto& m) { return m.first == name; });
    if (mapped) {
        return;  // --map patient=... says it already
    }
    if (!given.empty()) {
        options.map.emplace_back(name, given);
        return;
    }
    for (const std::string_view d : defaults) {
        if (!batch::columns_named(header, d).empty()) {
            if (d != name) {
                options.map.emplace_back(name, std::string(d));
            }
            return;
        }
    }
    std::vector<std::string> names;
    for (const std::string_view d : defaults) {
        names.emplace_back(d);
    }
    throw MapError(fmt::format(
        "row 1 (header): no {} column (looked for {}; columns: {}); name it with {} COLUMN", name,
        fmt::join(names, ", "), fmt::join(header, ", "), flag));
}

void write_measured(json::Writer& w, const RuleSet& rules, const Measurements& m) {
    w.begin_object();
    for (const MeasureDef& def : rules.measures) {
        if (!def.declared) {
            continue;
        }
        w.key(to_string(def.id));
        const auto& v = m[def.id];
        if (!v) {
            w.null();
        } else if (def.unit.empty()) {
            w.boolean(*v != 0.0);
        } else {
            w.number(*v);
        }
    }
    w.end_object();
}

constexpr std::size_t k_origin_column = 6;  // where an error row names its input

}  // namespace

namespace {

// A data row read as a visit, or why it is not one.
struct RowVisit {
    Measurements m;
    std::uint64_t row = 0;
    bool ok = false;
    VisitError error;
};

// The same, checked and packed on a reading thread (Tracker::prepare).
struct PreparedRow {
    PreparedVisit visit;
    bool ok = false;
    VisitError error;
};

// Turns the records of a mapped CSV into visits; const, so threads can share one.
class RowReader {
public:
    RowReader(const RuleSet& rules, const batch::ColumnMap& map, std::vector<std::string> header,
              bool decimal_comma)
        : rules_(rules),
          width_(map.width),
          header_(std::move(header)),
          knee_(map[Field::knee_flexion]),
          interior_(map[Field::knee_angle_interior]),
          patient_(*map[Field::patient]),
          decimal_comma_(decimal_comma) {
        for (std::size_t i = 0; i < k_field_count; ++i) {
            if (map.column[i]) {
                mapped_.emplace_back(static_cast<Field>(i), *map.column[i]);
            }
        }
    }

    std::size_t patient_column() const { return patient_; }

    // Reads `record` into `out` (its Measurements reused); `problems` is scratch.
    void read(const csv::Record& record, RowVisit& out, std::vector<std::string>& problems) const {
        out.row = record.number;
        out.ok = false;
        const auto fail = [&](std::string message) {
            out.error = {fmt::format("row {}", record.number), record.number,
                         patient_ < record.fields.size()
                             ? std::string(detail::trim(record.fields[patient_]))
                             : std::string(),
                         std::move(message)};
        };
        if (!record.error.empty()) {
            return fail(record.error);
        }
        if (record.fields.size() != width_) {
            return fail(fmt::format("row {} (line {}): expected {} columns, found {}",
                                    record.number, record.line, width_, record.fields.size()));
        }
        Measurements& m = out.m;
        m.clear_readings();
        m.visit.clear();
        problems.clear();
        if (knee_ && interior_ && !detail::trim(record.fields[*knee_]).empty() &&
            !detail::trim(record.fields[*interior_]).empty()) {
            problems.push_back(fmt::format("columns {} and {}: {}", header_[*knee_],
                                           header_[*interior_], knee_conflict_message()));
        }
        for (const auto& [field, column] : mapped_) {
            const std::string_view cell = record.fields[column];
            if (detail::trim(cell).empty()) {
                continue;
            }
            try {
                read_field(field, cell, m, &rules_, decimal_comma_);
            } catch (const InputError& e) {
                problems.push_back(fmt::format("column {}: {}", header_[column], e.what()));
            }
        }
        if (problems.empty() && !m.has_any_measurement()) {
            problems.emplace_back("no measurement in this row (every measurement cell is empty)");
        }
        if (!problems.empty()) {
            return fail(fmt::format("row {} (line {}): {}", record.number, record.line,
                                    fmt::join(problems, "; ")));
        }
        out.ok = true;
    }

private:
    const RuleSet& rules_;
    std::size_t width_;
    std::vector<std::string> header_;
    std::optional<std::size_t> knee_;
    std::optional<std::size_t> interior_;
    std::size_t patient_;
    bool decimal_comma_;
    std::vector<std::pair<Field, std::size_t>> mapped_;
};

void hand_over(RowVisit& v, Tracker& tracker) {
    if (v.ok) {
        tracker.add(v.m, "", v.row);
    } else {
        tracker.add_error(std::move(v.error));
    }
}

// One Reader over the rest of the input, on this thread.
std::uint64_t read_rows(csv::Reader& reader, const RowReader& rows, Tracker& tracker) {
    csv::Record record;
    RowVisit visit;
    std::vector<std::string> problems;
    std::uint64_t count = 0;
    while (reader.next(record)) {
        ++count;
        if (rows.patient_column() < record.fields.size()) {
            tracker.prefetch_patient(detail::trim(record.fields[rows.patient_column()]));
        }
        rows.read(record, visit, problems);
        hand_over(visit, tracker);
    }
    return count;
}

struct ChunkSlot {
    csv::Chunk chunk;
    std::vector<PreparedRow> visits;
    std::size_t count = 0;
};

// The rows after the header cut into chunks of whole records (csv::RecordSplitter), each read on
// a worker thread with a Reader renumbered to its first record, the visits handed to the tracker
// here in input order: the same visits, errors and numbers as one Reader gives.
std::uint64_t read_rows_parallel(csv::Reader& reader, std::istream& in, char delimiter,
                                 std::size_t chunk_bytes, unsigned jobs, const RowReader& rows,
                                 Tracker& tracker) {
    csv::RecordSplitter splitter(in, delimiter, reader.unparsed(), reader.after_cr(),
                                 reader.next_record(), reader.next_line());
    csv::ReaderOptions chunk_options;
    chunk_options.delimiter = delimiter;
    chunk_options.skip_bom = false;  // only the start of the input may hold a byte order mark
    std::vector<std::vector<std::string>> problems(jobs);
    std::vector<RowVisit> read(jobs);  // each worker's row being read
    std::uint64_t count = 0;
    csv::RecordSplitter::Cut cut = csv::RecordSplitter::Cut::chunk;
    detail::for_produced_blocks_in_order<ChunkSlot>(
        jobs,
        [&](ChunkSlot& slot) {
            cut = splitter.next(slot.chunk, chunk_bytes, 16 * chunk_bytes);
            return cut == csv::RecordSplitter::Cut::chunk;
        },
        [&](unsigned worker, ChunkSlot& slot) {
            csv::Reader chunk_reader(slot.chunk.data.get(), slot.chunk.size, chunk_options);
            chunk_reader.renumber(slot.chunk.first_record, slot.chunk.first_line);
            csv::Record record;
            slot.count = 0;
            RowVisit& row = read[worker];
            while (chunk_reader.next(record)) {
                if (slot.count == slot.visits.size()) {
                    slot.visits.emplace_back();
                }
                PreparedRow& out = slot.visits[slot.count++];
                rows.read(record, row, problems[worker]);
                out.ok = row.ok && Tracker::prepare(row.m, "", row.row, out.visit, out.error);
                if (!row.ok) {
                    out.error = std::move(row.error);
                }
            }
        },
        [&](ChunkSlot& slot) {
            constexpr std::size_t k_ahead = 8;  // ids looked up ahead: their table slots load
            for (std::size_t i = 0; i < slot.count; ++i) {
                if (i + k_ahead < slot.count && slot.visits[i + k_ahead].ok) {
                    tracker.prefetch_patient(slot.visits[i + k_ahead].visit.patient);
                }
                PreparedRow& row = slot.visits[i];
                if (row.ok) {
                    tracker.add_prepared(row.visit);
                } else {
                    tracker.add_error(std::move(row.error));
                }
            }
            count += slot.count;
        });
    if (cut == csv::RecordSplitter::Cut::too_long) {
        detail::PrefixedSource source(splitter.pending(), in);
        std::istream rest(&source);
        csv::Reader rest_reader(rest, chunk_options);
        rest_reader.renumber(splitter.next_record(), splitter.next_line());
        count += read_rows(rest_reader, rows, tracker);
    }
    return count;
}

}  // namespace

std::uint64_t read_csv(const RuleSet& rules, std::istream& in, const CsvOptions& options,
                       Tracker& tracker, unsigned jobs) {
    csv::ReaderOptions reader_options;
    reader_options.delimiter = options.delimiter;
    csv::Reader reader(in, reader_options);
    csv::Record record;
    batch::read_header(reader, record, "patient,date,side,thigh_angle,knee_flexion");
    batch::BatchOptions header_options;
    header_options.delimiter = options.delimiter;
    header_options.map = options.map;
    header_options.ignore = options.ignore;
    header_options.decimal_comma = options.decimal_comma;
    map_visit_column(record.fields, Field::patient, options.patient_column,
                     {"patient", "patient_id"}, "--patient", header_options);
    map_visit_column(record.fields, Field::date, options.date_column, {"date", "visit_date"},
                     "--date", header_options);
    const batch::ColumnMap map = batch::map_header(rules, record.fields, header_options);
    const RowReader rows(rules, map, {record.fields.begin(), record.fields.end()},
                         options.decimal_comma);
    return jobs <= 1 ? read_rows(reader, rows, tracker)
                     : read_rows_parallel(reader, in, options.delimiter,
                                          std::max<std::size_t>(options.chunk_bytes, 1), jobs, rows,
                                          tracker);
}

// --- JSON ----------------------------------------------------------------------------------------

JsonOutput::JsonOutput(const RuleSet& rules, std::ostream& out, int indent)
    : rules_(rules),
      out_(out),
      indent_(indent),
      writer_holder_(std::make_unique<json::Writer>(buffer_, indent)),
      writer_(*writer_holder_) {
    json::Writer& w = writer_;
    w.begin_object();
    w.key("schema");
    w.number(k_output_schema);
    write_ruleset(w, rules_);
    w.key("patients");
    w.begin_array();
    flush();
}

JsonOutput::~JsonOutput() = default;

namespace {

// One course as a member of "patients"; `rules` is the rule set the courses were scored with.
void write_course(json::Writer& w, const RuleSet& rules_, const Course& c) {
    w.begin_object();
    w.key("patient");
    w.string(c.patient);
    w.key("side");
    w.string(to_string(c.side));
    w.key("visits");
    w.begin_array();
    for (const VisitResult& v : c.visits) {
        w.begin_object();
        w.key("date");
        w.string(v.date);
        w.key("examiner");
        v.examiner.empty() ? w.null() : w.string(v.examiner);
        w.key("device");
        v.device.empty() ? w.null() : w.string(v.device);
        w.key("origin");
        w.string(v.origin);
        w.key("result");
        w.string(to_string(v.assessment.result));
        w.key("next_step");
        w.begin_object();
        w.key("number");
        w.number(v.assessment.next_step);
        w.end_object();
        w.key("measured");
        write_measured(w, rules_, v.m);
        w.end_object();
    }
    w.end_array();
    w.key("changes");
    w.begin_array();
    for (const MeasureChange& ch : c.changes) {
        w.begin_object();
        w.key("measure");
        w.string(to_string(ch.measure));
        w.key("minus");
        ch.minus ? w.string(to_string(*ch.minus)) : w.null();
        w.key("since");
        w.string(to_string(ch.since));
        w.key("from_date");
        w.string(c.visits[ch.from_visit].date);
        w.key("to_date");
        w.string(c.visits[ch.to_visit].date);
        w.key("from");
        w.number(ch.from);
        w.key("to");
        w.number(ch.to);
        w.key("difference");
        w.number(ch.difference);
        w.key("mdc");
        ch.mdc ? w.number(*ch.mdc) : w.null();
        w.key("change");
        w.string(ch.change ? to_string(*ch.change) : "not_judged");
        w.key("clinically_significant");
        w.boolean(ch.clinically_significant);
        w.end_object();
    }
    w.end_array();
    w.key("crossings");
    w.begin_array();
    for (const Crossing& x : c.crossings) {
        w.begin_object();
        w.key("criterion");
        w.string(rules_.criteria[x.criterion].id);
        w.key("since");
        w.string(to_string(x.since));
        w.key("from_date");
        w.string(c.visits[x.from_visit].date);
        w.key("to_date");
        w.string(c.visits[x.to_visit].date);
        w.key("from");
        w.string(to_string(x.from));
        w.key("to");
        w.string(to_string(x.to));
        w.end_object();
    }
    w.end_array();
    w.key("result");
    w.string(to_string(c.latest.result));
    const Step& step = rules_.step(c.next_step);
    w.key("next_step");
    w.begin_object();
    w.key("number");
    w.number(c.next_step);
    w.key("title");
    w.string(step.title);
    w.key("why");
    w.string(c.why);
    w.key("advice");
    w.string(step.advice);
    w.key("decided_by");
    c.decided_by ? w.string(to_string(*c.decided_by)) : w.null();
    w.end_object();
    w.key("plan");
    w.begin_array();
    for (const int n : c.plan) {
        w.number(n);
    }
    w.end_array();
    w.key("warnings");
    w.begin_array();
    for (const std::string& text : c.warnings) {
        w.string(text);
    }
    w.end_array();
    w.end_object();
}

constexpr std::size_t k_course_depth = 2;  // {"patients": [{...}]}

}  // namespace

void JsonOutput::course(const Course& c) {
    any_course_ = true;
    write_course(writer_, rules_, c);
    flush();
}

Tracker::Render JsonOutput::render() const {
    return [&rules = rules_, indent = indent_](const Course& c, std::string& out) {
        json::Writer w(out, indent);
        w.continue_array(k_course_depth);
        write_course(w, rules, c);
    };
}

void JsonOutput::courses(const std::string& text) {
    if (text.empty()) {
        return;
    }
    // Each course from render() begins with its comma, but not the first one of the array.
    const bool first = !any_course_;
    any_course_ = true;
    if (first) {
        writer_.element_written_elsewhere();
    }
    out_.write(text.data() + (first ? 1 : 0),
               static_cast<std::streamsize>(text.size() - (first ? 1 : 0)));
}

void JsonOutput::finish(const std::vector<VisitError>& errors) {
    json::Writer& w = writer_;
    w.end_array();
    w.key("errors");
    w.begin_array();
    for (const VisitError& e : errors) {
        w.begin_object();
        w.key("origin");
        w.string(e.origin);
        w.key("row");
        e.row != 0 ? w.number(e.row) : w.null();
        w.key("patient");
        e.patient.empty() ? w.null() : w.string(e.patient);
        w.key("error");
        w.string(e.message);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    buffer_ += '\n';
    flush();
}

// The writer keeps its place in the document, not the text: the buffer can go out after each
// course, so memory stays that of one course.
void JsonOutput::flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
}

// --- CSV -----------------------------------------------------------------------------------------

struct CsvOutput::Impl {
    Impl(const RuleSet& r, std::ostream& o, char d) : rules(r), out(o), delimiter(d), writer(o, d) {
        for (const MeasureDef& def : rules.measures) {
            if (def.declared) {
                measures.push_back(def.id);
                if (def.mdc || def.mdc_none) {
                    judged.push_back(def.id);
                }
            }
        }
        std::vector<std::string> names{"patient",  "side",   "visit", "date",
                                       "examiner", "device", "origin"};
        static_assert(k_origin_column == 6, "origin is the seventh column above");
        for (const Measure m : measures) {
            names.emplace_back(to_string(m));
        }
        names.insert(names.end(), {"result", "next_step"});
        for (const Measure m : judged) {
            for (const char* since : {"first", "previous"}) {
                names.push_back(fmt::format("{}_difference_{}", to_string(m), since));
                names.push_back(fmt::format("{}_change_{}", to_string(m), since));
            }
        }
        names.insert(names.end(), {"crossings", "course_next_step", "warnings", "error"});
        for (const auto& n : names) {
            writer.field(n);
        }
        writer.end_record();
        width = names.size();
    }

    // One course's rows (its visits) into `w`.
    void rows(const Course& c, csv::Writer& w) const;

    const RuleSet& rules;
    std::ostream& out;
    char delimiter;
    csv::Writer writer;
    std::vector<Measure> measures;
    std::vector<Measure> judged;
    std::size_t width = 0;
};

CsvOutput::CsvOutput(const RuleSet& rules, std::ostream& out, char delimiter)
    : impl_(std::make_shared<Impl>(rules, out, delimiter)) {}

CsvOutput::~CsvOutput() = default;

void CsvOutput::course(const Course& c) {
    impl_->rows(c, impl_->writer);
}

namespace {

// A thread's own writer into the text of its current block.
struct CsvRender {
    CsvRender(std::shared_ptr<const CsvOutput::Impl> layout, char delimiter)
        : impl(std::move(layout)), stream(&sink), writer(stream, delimiter) {
        writer.continue_output();  // rows after the header: no BOM to guard against
    }
    std::shared_ptr<const CsvOutput::Impl> impl;
    detail::StringSink sink;
    std::ostream stream;
    csv::Writer writer;
};

}  // namespace

Tracker::Render CsvOutput::render() const {
    auto state = std::make_shared<CsvRender>(impl_, impl_->delimiter);
    return [state](const Course& c, std::string& out) {
        state->sink.target(&out);
        state->impl->rows(c, state->writer);
        state->writer.flush();
    };
}

void CsvOutput::courses(const std::string& text) {
    impl_->writer.flush();
    impl_->out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

void CsvOutput::Impl::rows(const Course& c, csv::Writer& w) const {
    const Impl& d = *this;
    NumberBuffer number;
    std::array<char, 24> digits;
    const auto integer = [&](std::size_t n) {
        const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), n).ptr;
        return std::string_view(digits.data(), static_cast<std::size_t>(end - digits.data()));
    };
    // changes[] runs by visit, then measure, then since: find each visit's with a cursor.
    std::size_t next_change = 0;
    for (std::size_t k = 0; k < c.visits.size(); ++k) {
        const VisitResult& v = c.visits[k];
        w.field(c.patient);
        w.field(to_string(c.side));
        w.field(integer(k + 1));
        w.field(v.date);
        w.field(v.examiner);
        w.field(v.device);
        w.field(v.origin);
        for (const Measure m : d.measures) {
            const auto& value = v.m[m];
            w.field(!value                            ? ""
                    : d.rules.measure(m).unit.empty() ? (*value != 0.0 ? "yes" : "no")
                                                      : number_text(*value, number));
        }
        w.field(to_string(v.assessment.result));
        w.field(integer(static_cast<std::size_t>(v.assessment.next_step)));
        while (next_change < c.changes.size() && c.changes[next_change].to_visit < k) {
            ++next_change;
        }
        for (const Measure m : d.judged) {
            for (const Since since : {Since::first, Since::previous}) {
                const MeasureChange* found = nullptr;
                for (std::size_t i = next_change;
                     i < c.changes.size() && c.changes[i].to_visit == k; ++i) {
                    if (c.changes[i].measure == m && c.changes[i].since == since) {
                        found = &c.changes[i];
                        break;
                    }
                }
                w.field(found == nullptr ? "" : number_text(found->difference, number));
                w.field(found == nullptr ? ""
                        : found->change  ? to_string(*found->change)
                                         : "not_judged");
            }
        }
        std::string crossings;
        for (const Crossing& x : c.crossings) {
            if (x.to_visit == k) {
                crossings += fmt::format("{}{} {} {}->{}", crossings.empty() ? "" : ";",
                                         d.rules.criteria[x.criterion].id, to_string(x.since),
                                         to_string(x.from), to_string(x.to));
            }
        }
        w.field(crossings);
        const bool last = k + 1 == c.visits.size();
        w.field(last ? integer(static_cast<std::size_t>(c.next_step)) : "");
        w.field(last ? fmt::format("{}", fmt::join(c.warnings, "; ")) : "");
        w.field("");
        w.end_record();
    }
}

void CsvOutput::finish(const std::vector<VisitError>& errors) {
    Impl& d = *impl_;
    for (const VisitError& e : errors) {
        d.writer.field(e.patient);
        for (std::size_t i = 1; i + 1 < d.width; ++i) {
            d.writer.field(i == k_origin_column ? std::string_view(e.origin) : "");
        }
        d.writer.field(e.message);
        d.writer.end_record();
    }
    d.writer.flush();
}

}  // namespace thomas::progress
