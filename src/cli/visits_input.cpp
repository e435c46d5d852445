#include "visits_input.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstring>
#include <istream>
#include <system_error>
#include <utility>

#include "app.h"
#include "batch_input.h"
#include "fd_stream.h"
#include "thomas/files.h"
#include "thomas/test_file.h"

namespace thomas::cli {

progress::CsvOptions visits_csv_options(const CsvReadFlags& flags, const std::string& patient,
                                        const std::string& date) {
    batch::BatchOptions read;
    apply_csv_read_flags(flags, read);
    progress::CsvOptions csv;
    csv.delimiter = read.delimiter;
    csv.map = read.map;
    csv.ignore = read.ignore;
    csv.decimal_comma = read.decimal_comma;
    csv.patient_column = patient;
    csv.date_column = date;
    return csv;
}

void read_visit_files(const RuleSet& rules, const std::vector<std::string>& files,
                      progress::Tracker& tracker) {
    std::vector<std::pair<std::string, std::string>> texts;
    for (const auto& path : files) {
        try {
            texts.emplace_back(path, read_file(path, k_max_test_file_bytes));
        } catch (const FileTooLargeError& e) {
            tracker.add_error({path, 0, "", e.what()});
        }
    }
    for (const auto& entry : texts) {
        const std::string& path = entry.first;  // a lambda cannot capture a structured binding
        try {
            const TestFile test = parse_test_file(entry.second, path, &rules);
            for_each_leg(test, [&](const Measurements& leg) { tracker.add(leg, path); });
        } catch (const TestFileError& e) {
            tracker.add_error({path, 0, "", e.what()});
        }
    }
}

void read_visits_csv(const RuleSet& rules, const std::string& path,
                     const progress::CsvOptions& options, progress::Tracker& tracker,
                     unsigned jobs) {
    const InputFile input(path);
    const std::string& in_name = input.name();
    FdInBuf in_buf(input.fd());
    std::istream in(&in_buf);
    try {
        with_header_errors(in_name,
                           [&] { return progress::read_csv(rules, in, options, tracker, jobs); });
    } catch (const std::system_error&) {
        throw FileError(fmt::format("cannot read {}: {}", in_name, std::strerror(in_buf.error())));
    }
}

}  // namespace thomas::cli
