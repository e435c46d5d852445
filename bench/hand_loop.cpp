// The yardstick for `thomas batch`: a minimal, single-purpose loop that scores the columns of
// bench/gen_clinic_csv.py with the default rule set's thresholds and decision table written
// straight into C++. It lives in bench/ on purpose: src/ must hold no clinical number (the rules
// come from rules/*.yaml), but a benchmark needs the fastest honest program doing the same job.
//
// It does what a careful one-off script would: quote-aware record splitting (the notes hold
// commas and line breaks), strtod-style parsing, the same result/implicated/flags/next_step
// columns appended to the input record copied verbatim, "error" for a cell it cannot read.
// It does not do what thomas adds: header mapping, aliases, units ("12 deg"), range checks,
// RFC 4180 re-quoting, BOM/CRLF handling, row/column error messages, --done/--persists.
//
// Usage: hand_loop < clinic.csv > out.csv   (the column order of gen_clinic_csv.py is assumed)
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

enum St { pass, borderline, fail, none };

St band3(double v, double lo, double hi, St below, St above) {
    return v < lo ? below : (v < hi ? borderline : above);
}

bool number(std::string_view s, double& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

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
    St thigh = none, knee = none, rin = none, rex = none, abd = none, back = none;
    double v = 0;
    auto num = [&](std::string_view s, auto fn) {
        if (s.empty()) {
            return true;
        }
        if (!number(s, v)) {
            return false;
        }
        fn(v);
        return true;
    };
    bool ok = num(f[2], [&](double x) { thigh = band3(x, -2, 2, pass, fail); }) &&
              num(f[3], [&](double x) { knee = band3(x, 85, 95, fail, pass); }) &&
              num(f[4],
                  [&](double x) {
                      rin = band3(x, -20, -10, fail, pass);
                      rex = band3(x, 10, 20, pass, fail);
                  }) &&
              num(f[5], [&](double x) { abd = band3(x, 12, 18, pass, fail); });
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
        } else if (w != "none" && w != "stretch") {
            ok = false;
        }
        pain = cut == std::string_view::npos ? std::string_view() : pain.substr(cut + 1);
    }
    if (!ok) {
        out += ",error,,,,bad cell\n";
        return;
    }
    // Results, from least to most urgent: 0 negative, 1 borderline, 2 positive, 3 retest, 4 refer.
    int result = 0;
    auto raise = [&](int r) { result = r > result ? r : result; };
    const bool invalid = back == fail;
    const bool one_joint = thigh == fail;
    const bool two_joint = knee == fail;
    const bool abducted = abd == fail;
    const bool inward = thigh == fail && rin == fail;
    const bool outward = thigh == fail && rex == fail;
    const bool sartorius = outward && (abd == fail || abd == borderline);
    if (invalid) {
        raise(3);
    }
    if (hip || lumbar || kneep || nerve) {
        raise(4);
    }
    if (one_joint || two_joint || abducted || inward || outward || sartorius) {
        raise(2);
    }
    if (thigh == borderline || knee == borderline || abd == borderline || rin == borderline ||
        rex == borderline) {
        raise(1);
    }
    static const char* const k_results[] = {"negative", "borderline", "positive", "retest",
                                            "refer"};
    std::string implicated;
    if (!invalid) {
        if (one_joint || outward) {
            implicated += "iliopsoas";
        }
        if (two_joint) {
            implicated += implicated.empty() ? "rectus_femoris" : ";rectus_femoris";
        }
        if (abducted || inward) {
            implicated += implicated.empty() ? "tensor_fasciae_latae" : ";tensor_fasciae_latae";
        }
        if (sartorius) {
            implicated += implicated.empty() ? "sartorius" : ";sartorius";
        }
    }
    std::string flags;
    for (auto [on, id] : {std::pair{hip, "hip_joint"}, std::pair{lumbar, "lumbar_spine"},
                          std::pair{kneep, "knee_joint"}, std::pair{nerve, "nerve"}}) {
        if (on) {
            flags += flags.empty() ? id : std::string(";") + id;
        }
    }
    int next = 5;
    if (result == 4) {
        next = 2;
    } else if (invalid) {
        next = 1;
    } else if (one_joint || outward) {
        next = 3;
    } else if (two_joint || abducted || inward || sartorius) {
        next = 5;
    } else if (result == 1) {
        next = 1;
    }
    out += ',';
    out += k_results[result];
    out += ',';
    out += implicated;
    out += ',';
    out += flags;
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
