// The yardstick for `thomas batch`: a minimal, single-purpose loop that scores the columns of
// bench/gen_clinic_csv.py with the default rule set (rules/default.yaml, version 2.0.0) written
// straight into C++: its bands, its findings and its decision table. It lives in bench/ on
// purpose: src/ must hold no clinical number (the rules come from rules/*.yaml), but a benchmark
// needs the fastest honest program doing the same job. bench/check_yardsticks.sh checks, row by
// row, that it gives the same result, implicated, flags and next_step as `thomas batch`; change
// it together with rules/default.yaml.
//
// It does what a careful one-off script would: quote-aware record splitting (the notes hold
// commas and line breaks), strtod-style parsing, the same result/implicated/flags/next_step
// columns appended to the input record copied verbatim, and result "error" with the other result
// columns empty, as thomas gives them, for a cell it cannot read ("7o", "5,5", the pain word
// "ouch"), a row with no measurement or a wrong number of fields. It does not do what thomas
// adds: header mapping, aliases, units ("12 deg"), range checks, RFC 4180 re-quoting, BOM/CRLF
// handling, row/column error messages, and the columns the generator never writes (done,
// persists, red_flags: no step is done, tightness does not persist, red flags were not asked),
// nor the patient of two legs (each row is its own patient, as in `thomas batch`).
//
// Usage: hand_loop < clinic.csv > out.csv   (the column order of gen_clinic_csv.py is assumed)
#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

// A criterion's status. Bands are half-open [min, max), as in the rule file.
enum St { pass, borderline, fail, none };  // none: not measured

St band3(double v, double lo, double hi, St below, St above) {
    return v < lo ? below : (v < hi ? borderline : above);
}

bool number(std::string_view s, double& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

// The ids of every subset of four, joined with ';' and indexed by the subset's bits (built once).
std::array<std::string, 16> joined(const std::array<const char*, 4>& ids) {
    std::array<std::string, 16> table;
    for (unsigned bits = 0; bits < 16; ++bits) {
        for (unsigned i = 0; i < 4; ++i) {
            if ((bits >> i) & 1u) {
                table[bits] += table[bits].empty() ? "" : ";";
                table[bits] += ids[i];
            }
        }
    }
    return table;
}

const std::array<std::string, 16> k_tissues =
    joined({"iliopsoas", "rectus_femoris", "tensor_fasciae_latae", "sartorius"});
const std::array<std::string, 16> k_flags =
    joined({"hip_joint", "lumbar_spine", "knee_joint", "nerve"});

struct Out {
    std::string buf;
    void flush() {
        std::fwrite(buf.data(), 1, buf.size(), stdout);
        buf.clear();
    }
};

// Scores one record (fields already split) and appends the result columns to `out`.
void score(const std::vector<std::string_view>& f, std::string& out) {
    // Columns: patient_id,side,thigh_angle,knee_flexion,rotation,abduction,lumbar_flat,pain,notes
    if (f.size() != 9) {
        out += ",error,,,,wrong number of fields\n";
        return;
    }
    // The four angles; an empty cell is not measured (never 0).
    double val[4] = {0, 0, 0, 0};
    bool has[4] = {false, false, false, false};
    bool ok = true;
    for (int i = 0; i < 4 && ok; ++i) {
        has[i] = !f[2 + i].empty();
        ok = !has[i] || number(f[2 + i], val[i]);
    }
    St back = none;
    if (f[6] == "yes") {
        back = pass;
    } else if (f[6] == "no") {
        back = fail;
    } else if (!f[6].empty()) {
        ok = false;
    }
    bool hip = false, lumbar = false, kneep = false, nerve = false;
    std::string_view pain = f[7];
    while (ok && !pain.empty()) {
        const auto cut = pain.find_first_of(",;");
        const std::string_view w = pain.substr(0, cut);
        if (w == "hip" || w == "groin") {
            hip = true;
        } else if (w == "back") {
            lumbar = true;
        } else if (w == "knee") {
            kneep = true;
        } else if (w == "nerve") {
            nerve = true;
        } else if (!w.empty() && w != "none" && w != "stretch") {
            ok = false;
        }
        pain = cut == std::string_view::npos ? std::string_view() : pain.substr(cut + 1);
    }
    if (!ok) {
        out += ",error,,,,bad cell\n";
        return;
    }
    if (!has[0] && !has[1] && !has[2] && !has[3] && back == none && f[7].empty()) {
        out += ",error,,,,no measurement\n";
        return;
    }
    const double thigh_v = val[0], knee_v = val[1], rot_v = val[2], abd_v = val[3];
    // Criteria. knee_bend reads knee flexion minus thigh angle (90 = shank hanging vertically).
    // thigh_height's two pass bands (split at -9.5) differ only in their message.
    const St thigh = has[0] ? band3(thigh_v, -2, 2, pass, fail) : none;
    const St knee = has[0] && has[1] ? band3(knee_v - thigh_v, 76, 83, fail, pass) : none;
    const St rin = has[2] ? band3(rot_v, -19.5, -9.5, fail, pass) : none;
    const St rex = has[2] ? band3(rot_v, 10, 20, pass, fail) : none;
    const St abd = has[3] ? band3(abd_v, 12, 18, pass, fail) : none;
    // Findings (the notes-only ones change no column, and no red flag is asked).
    const bool refer = hip || lumbar || kneep || nerve;                 // pain findings
    const bool one_joint = thigh == fail;                               // iliopsoas
    const bool two_joint = knee == fail;                                // rectus femoris
    const bool tfl = abd == fail && (rex == pass || rex == none);       // tfl_pattern
    const bool sartorius = abd == fail && rex == fail && knee == pass;  // sartorius_pattern
    const bool abd_unclear = abd == fail && !tfl && !sartorius;         // TFL and sartorius
    const bool inward = one_joint && rin == fail;  // TFL; outward_turn only adds iliopsoas again
    const bool rot_unclear = !one_joint && (rin == fail || rex == fail) && abd != fail;
    const bool tissue = one_joint || two_joint || abd == fail;  // abd: tfl, sartorius or unclear
    const bool incomplete = (back == none || thigh == none || knee == none) && !tissue;
    const bool within_error = thigh == borderline || knee == borderline || abd == borderline;
    const bool invalid = back == fail || incomplete;  // a retest finding: no tissue implicated
    // knee_beyond_hang: a knee bent past a relaxed hang (likely an interior angle) is confirmed.
    const bool beyond_hang = has[0] && has[1] && knee_v - thigh_v > 104;
    const bool confirm = within_error || rot_unclear || beyond_hang;
    // Results, from least to most urgent: 0 negative, 1 borderline, 2 positive, 3 retest, 4 refer.
    const int result = refer ? 4 : invalid ? 3 : tissue ? 2 : confirm ? 1 : 0;
    static const char* const k_results[] = {"negative", "borderline", "positive", "retest",
                                            "refer"};
    const unsigned implicated = invalid ? 0u
                                        : (one_joint ? 1u : 0u) | (two_joint ? 2u : 0u) |
                                              (tfl || abd_unclear || inward ? 4u : 0u) |
                                              (sartorius || abd_unclear ? 8u : 0u);
    const unsigned flags =
        (hip ? 1u : 0u) | (lumbar ? 2u : 0u) | (kneep ? 4u : 0u) | (nerve ? 8u : 0u);
    // The decision table's first planned step: rule out pathology, else retest an invalid test,
    // else the psoas programme, else the other flexors, else confirm, else length normal (5).
    const int next = refer ? 2 : invalid ? 1 : one_joint ? 3 : tissue ? 5 : confirm ? 1 : 5;
    out += ',';
    out += k_results[result];
    out += ',';
    out += k_tissues[implicated];
    out += ',';
    out += k_flags[flags];
    out += ',';
    out += static_cast<char>('0' + next);
    out += ",\n";
}

}  // namespace

int main() {
    std::vector<char> in(1 << 20);
    std::string carry;  // the unfinished record at the end of a chunk
    std::vector<std::string_view> fields;
    std::string unquoted;  // storage for fields with doubled quotes
    Out out;
    bool header = true;
    std::size_t n = 0;
    while ((n = std::fread(in.data(), 1, in.size(), stdin)) > 0 || !carry.empty()) {
        carry.append(in.data(), n);
        const bool last = n == 0;
        std::size_t start = 0;
        while (start < carry.size()) {
            // Find the end of the record: a LF outside quotes.
            bool quoted = false;
            std::size_t i = start;
            for (; i < carry.size(); ++i) {
                const char c = carry[i];
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == '\n' && !quoted) {
                    break;
                }
            }
            if (i == carry.size() && !last) {
                break;  // incomplete: wait for more input
            }
            const std::string_view rec(carry.data() + start, i - start);
            start = i + 1;
            out.buf.append(rec);
            if (header) {
                out.buf += ",result,implicated,flags,next_step,error\n";
                header = false;
                continue;
            }
            fields.clear();
            std::size_t b = 0;
            while (b <= rec.size()) {
                if (b < rec.size() && rec[b] == '"') {
                    const auto close = rec.find("\",", b + 1);
                    const std::size_t e = close == std::string_view::npos ? rec.size() - 1 : close;
                    fields.push_back(rec.substr(b + 1, e - b - 1));  // notes only: kept escaped
                    b = e + 2;
                } else {
                    const auto e = std::min(rec.find(',', b), rec.size());
                    fields.push_back(rec.substr(b, e - b));
                    b = e + 1;
                }
            }
            score(fields, out.buf);
            if (out.buf.size() > (1 << 16)) {
                out.flush();
            }
        }
        carry.erase(0, std::min(start, carry.size()));
        if (last) {
            break;
        }
    }
    out.flush();
    return 0;
}
