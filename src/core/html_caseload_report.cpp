// The caseload report of a clinic CSV: everything aggregated as the rows stream past
// (batch::RowView), so 10,000 or a million rows give a page of the same few charts.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "html_page.h"
#include "markup.h"
#include "thomas/html_report.h"
#include "thomas/svg_charts.h"
#include "thomas/wording.h"

namespace thomas {
namespace {

using markup::escape;

constexpr std::size_t k_max_cell_bytes = 120;  // a listed context cell is cut here
constexpr int k_max_bars = 60;

// `text` cut to `max` bytes at a character boundary, with an ellipsis when cut.
std::string shortened(std::string_view text, std::size_t max) {
    if (text.size() <= max) {
        return std::string(text);
    }
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
        --end;
    }
    return std::string(text.substr(0, end)) + "…";
}

int severity(Status s) {
    return s == Status::fail ? 3 : s == Status::borderline ? 2 : s == Status::pass ? 1 : 0;
}

// The status a value gets from the worst of the criteria reading it (rotation is read by an
// inward and an outward criterion), as regions between every band edge.
std::vector<svg::Region> regions_of(const RuleSet& rules,
                                    const std::vector<std::size_t>& criteria) {
    std::vector<double> edges;
    for (const std::size_t ci : criteria) {
        for (const Band& b : rules.criteria[ci].bands) {
            edges.push_back(b.min);
            edges.push_back(b.max);
        }
    }
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    std::vector<svg::Region> out;
    for (std::size_t i = 0; i + 1 < edges.size(); ++i) {
        const double mid = (edges[i] + edges[i + 1]) / 2;
        Status worst = Status::not_measured;
        for (const std::size_t ci : criteria) {
            for (const Band& b : rules.criteria[ci].bands) {
                if (mid >= b.min && mid < b.max && severity(b.status) > severity(worst)) {
                    worst = b.status;
                }
            }
        }
        if (worst == Status::not_measured) {
            continue;
        }
        if (!out.empty() && out.back().status == worst && out.back().to == edges[i]) {
            out.back().to = edges[i + 1];
        } else {
            out.push_back({edges[i], edges[i + 1], worst});
        }
    }
    return out;
}

std::string distribution_label(const RuleSet& rules, const Caseload::Distribution& d) {
    std::string words = rules.measure(d.measure).label;
    if (d.minus) {
        std::string minus = rules.measure(*d.minus).label;
        if (!minus.empty()) {
            minus[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(minus[0])));
        }
        words += " minus " + minus;
    }
    return words;
}

// The fine counts regrouped into at most k_max_bars bars over the values seen and the
// criteria's cut-offs and borderline bands.
svg::Histogram histogram_of(const RuleSet& rules, const Caseload::Distribution& d,
                            std::size_t index) {
    double lo = d.lo;
    double hi = d.hi;
    std::vector<double> cutoffs;
    for (const std::size_t ci : d.criteria) {
        const Criterion& c = rules.criteria[ci];
        if (c.cutoff) {
            cutoffs.push_back(*c.cutoff);
            lo = std::min(lo, *c.cutoff);
            hi = std::max(hi, *c.cutoff);
        }
        for (const Band& b : c.bands) {
            if (b.status == Status::borderline) {
                lo = std::min(lo, b.min);
                hi = std::max(hi, b.max);
            }
        }
    }
    double width = Caseload::k_fine_step;
    for (const double w : {0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0}) {
        width = w;
        if ((hi - lo) / w + 2 <= k_max_bars) {
            break;
        }
    }
    const double start = std::floor(lo / width) * width - width;
    const auto bins = static_cast<std::size_t>(std::floor((hi - start) / width)) + 2;
    svg::Histogram h;
    h.id = fmt::format("dist-{}", index);
    h.start = start;
    h.width = width;
    h.counts.assign(bins, 0);
    for (std::size_t k = 0; k < d.fine.size(); ++k) {
        if (d.fine[k] == 0) {
            continue;
        }
        const double v = d.start + Caseload::k_fine_step * static_cast<double>(k);
        const auto bin = static_cast<std::ptrdiff_t>(std::floor((v - start) / width + 1e-9));
        if (bin >= 0 && static_cast<std::size_t>(bin) < bins) {
            h.counts[static_cast<std::size_t>(bin)] += d.fine[k];
        }
    }
    h.cutoffs = cutoffs;
    h.regions = regions_of(rules, d.criteria);
    const std::string label = distribution_label(rules, d);
    const std::string& unit = rules.measure(d.measure).unit;
    h.axis_label = label + (unit == "deg" ? " (°)" : unit.empty() ? "" : " (" + unit + ")");
    h.title = fmt::format("{}: distribution over {} rows", label, d.count);
    h.description = fmt::format(
        "Histogram of {} in bars {:g} wide, from {:g} to {:g}; values seen from {:g} to {:g}. "
        "Dashed lines: cut-offs {}. Shaded regions are labelled pass, borderline and fail.",
        label, width, start, start + width * static_cast<double>(bins), d.lo, d.hi,
        fmt::join(cutoffs, ", "));
    return h;
}

}  // namespace

Caseload::Caseload(const RuleSet& rules) : rules_(&rules) {
    // One distribution per value read by a numeric criterion: rotation's two criteria share one.
    for (std::size_t ci = 0; ci < rules.criteria.size(); ++ci) {
        const Criterion& c = rules.criteria[ci];
        if (c.boolean || c.bands.empty()) {
            continue;
        }
        auto it = std::find_if(distributions.begin(), distributions.end(), [&](const auto& d) {
            return d.measure == c.measure && d.minus == c.minus;
        });
        if (it == distributions.end()) {
            Distribution d;
            d.measure = c.measure;
            d.minus = c.minus;
            d.start = std::floor(c.range_min / k_fine_step) * k_fine_step;
            const auto n =
                static_cast<std::size_t>(std::floor((c.range_max - d.start) / k_fine_step)) + 1;
            d.fine.assign(std::min<std::size_t>(n, 1u << 16), 0);
            distributions.push_back(std::move(d));
            it = std::prev(distributions.end());
        }
        it->criteria.push_back(ci);
    }
}

void Caseload::add(const batch::RowView& row) {
    if (!header_seen_) {
        header_seen_ = true;
        for (std::size_t i = 0; i < row.header.size(); ++i) {
            const bool mapped = std::any_of(row.map->column.begin(), row.map->column.end(),
                                            [&](const auto& col) { return col && *col == i; });
            if (!mapped) {
                context_columns_.push_back(i);
                context_header.push_back(row.header[i]);
            }
        }
    }
    ++rows;
    if (row.a == nullptr) {
        ++errors;
        if (error_rows.size() < k_max_listed) {
            error_rows.emplace_back(row.number, shortened(row.error, 4 * k_max_cell_bytes));
        }
        return;
    }
    ++scored;
    const Assessment& a = *row.a;
    ++per_result[static_cast<std::size_t>(a.result)];
    for (Distribution& d : distributions) {
        const auto& v = a.criteria[d.criteria.front()].measured;
        if (!v || !std::isfinite(*v)) {
            continue;
        }
        const auto k = static_cast<std::ptrdiff_t>(std::floor((*v - d.start) / k_fine_step));
        if (k < 0 || static_cast<std::size_t>(k) >= d.fine.size()) {
            continue;
        }
        ++d.fine[static_cast<std::size_t>(k)];
        d.lo = d.count == 0 ? *v : std::min(d.lo, *v);
        d.hi = d.count == 0 ? *v : std::max(d.hi, *v);
        ++d.count;
    }
    const Result result = row.patient ? row.patient->result : a.result;
    if (result != Result::refer) {
        return;
    }
    ++referral_count;
    if (referrals.size() >= k_max_listed) {
        return;
    }
    Listed l;
    l.number = row.number;
    for (const std::size_t i : context_columns_) {
        l.context.push_back(shortened(row.cells[i], k_max_cell_bytes));
    }
    l.side = a.side;
    l.result = a.result;
    l.implicated = a.implicated;
    l.flags = row.patient ? row.patient->flags : a.flags;
    l.plan = row.patient ? row.patient->plan : a.plan;
    l.next_step = row.patient ? row.patient->next_step : a.next_step;
    referrals.push_back(std::move(l));
}

std::string caseload_report_html(const Caseload& c, const ReportInfo& info) {
    const RuleSet& rules = c.rules();
    std::string out = html::page_open("Thomas test caseload");
    out += "<header><h1>Caseload: Thomas test results</h1>\n";
    out += fmt::format(
        "<p class=\"meta\">{} rows: {} scored, {} could not be scored · {} · procedure: {}</p>"
        "</header>\n",
        c.rows, c.scored, c.errors, escape(rules.title.empty() ? rules.name : rules.title),
        escape(rules.procedure));

    // Counts by result, each with its word and shape, and a bar for the eye.
    out +=
        "<h2>Results</h2>\n<table class=\"counts\">\n<thead><tr><th>Result</th>"
        "<th class=\"num\">Rows</th><th class=\"num\">Share</th><th>Of rows read</th></tr>"
        "</thead>\n<tbody>\n";
    const auto row_of = [&](const std::string& badge, std::uint64_t n) {
        const double share =
            c.rows == 0 ? 0 : 100.0 * static_cast<double>(n) / static_cast<double>(c.rows);
        return fmt::format(
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{:.1f}%</td>"
            "<td><span class=\"share-bar\" style=\"width:{:.1f}%\"></span></td></tr>\n",
            badge, n, share, share);
    };
    for (const Result r :
         {Result::refer, Result::retest, Result::positive, Result::borderline, Result::negative}) {
        out += row_of(html::result_badge(r), c.per_result[static_cast<std::size_t>(r)]);
    }
    out += row_of(
        "<span class=\"badge\"><span class=\"shape s-not_measured\" "
        "aria-hidden=\"true\"></span>ERROR</span>",
        c.errors);
    out += "</tbody>\n</table>\n";

    out += "<h2>Measures against the cut-offs</h2>\n";
    std::size_t index = 0;
    for (const auto& d : c.distributions) {
        ++index;
        const std::string label = distribution_label(rules, d);
        if (d.count == 0) {
            out += fmt::format("<p>{}: no row measured it.</p>\n", escape(label));
            continue;
        }
        out += fmt::format(
            "<figure class=\"chart\">\n{}<figcaption>{}: {} rows measured, "
            "from {:g} to {:g}. Shaded behind the bars: pass (green), borderline (orange, "
            "hatched) and fail (red-orange) as the rule set reads the value; dashed: the "
            "cut-offs.</figcaption>\n</figure>\n",
            svg::histogram_svg(histogram_of(rules, d, index)), escape(label), d.count, d.lo, d.hi);
    }

    // Referrals first: red flags (urgent) at the top, then in row order.
    out += fmt::format("<h2>Rows that need a referral first ({})</h2>\n", c.referral_count);
    if (c.referrals.empty()) {
        out += "<p>None.</p>\n";
    } else {
        std::vector<const Caseload::Listed*> listed;
        for (const auto& l : c.referrals) {
            listed.push_back(&l);
        }
        std::stable_sort(listed.begin(), listed.end(), [](const auto* a, const auto* b) {
            return a->flags.contains(Flag::red_flag) && !b->flags.contains(Flag::red_flag);
        });
        out += "<div class=\"wide\"><table>\n<thead><tr><th class=\"num\">Row</th>";
        for (const auto& h : c.context_header) {
            out += "<th>" + escape(h) + "</th>";
        }
        out +=
            "<th>Side</th><th>Result</th><th>Rule out</th><th>Next step</th></tr></thead>\n"
            "<tbody>\n";
        for (const auto* l : listed) {
            out += fmt::format("<tr><td class=\"num\">{}</td>", l->number);
            for (const auto& cell : l->context) {
                out += "<td>" + escape(cell) + "</td>";
            }
            out += fmt::format(
                "<td>{}</td><td>{}</td><td>{}</td><td>{}. {}</td></tr>\n",
                l->side ? std::string(to_string(*l->side)) : "–",
                html::headline_html(
                    l->result, headline_text(rules, l->result, l->implicated, l->flags, l->plan)),
                escape(join_words(flag_words(l->flags))), l->next_step,
                escape(rules.step(l->next_step).title));
        }
        out += "</tbody>\n</table></div>\n";
        if (c.referral_count > c.referrals.size()) {
            out += fmt::format(
                "<p class=\"note\">The first {} of {} are listed; <code>thomas batch</code> "
                "lists every row.</p>\n",
                c.referrals.size(), c.referral_count);
        }
    }

    out += fmt::format("<h2>Rows that could not be scored ({})</h2>\n", c.errors);
    if (c.error_rows.empty()) {
        out += "<p>None.</p>\n";
    } else {
        out +=
            "<div class=\"wide\"><table>\n<thead><tr><th class=\"num\">Row</th>"
            "<th>Problem</th></tr></thead>\n<tbody>\n";
        for (const auto& [number, message] : c.error_rows) {
            out += fmt::format("<tr><td class=\"num\">{}</td><td>{}</td></tr>\n", number,
                               escape(message));
        }
        out += "</tbody>\n</table></div>\n";
        if (c.errors > c.error_rows.size()) {
            out += fmt::format("<p class=\"note\">The first {} of {} are listed.</p>\n",
                               c.error_rows.size(), c.errors);
        }
    }
    out += html::page_close(rules, info);
    return out;
}

}  // namespace thomas
