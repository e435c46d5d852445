#include "diagram.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>
#include <vector>

#include "thomas/leg_geometry.h"

namespace thomas::cli {
namespace {

// Drawing scale, in character cells. A cell is about twice as tall as it is wide, so a
// vertical distance of one row counts as two columns when angles are laid out.
constexpr double k_thigh_length = 16.0;
constexpr double k_shank_length = 12.0;
constexpr double k_cutoff_length = 20.0;
constexpr int k_table_length = 8;
constexpr double k_row_aspect = 2.0;

const char* const k_hip = "●";
const char* const k_knee = "●";
const char* const k_table = "━";
const char* const k_dot = "·";

using Cell = std::pair<int, int>;  // (row, column); row grows downwards

struct Canvas {
    std::map<Cell, std::string> cells;
    // Draws only on empty cells unless `over` is set: the leg wins over the reference line.
    void put(Cell c, const std::string& glyph, bool over) {
        if (over || !cells.contains(c)) {
            cells[c] = glyph;
        }
    }
};

// A point of the shared leg geometry (x right, y up, in columns) as (row, column) on the
// canvas: rows grow downwards and are k_row_aspect columns tall.
std::pair<double, double> on_canvas(geometry::Point p) {
    return {-p.y / k_row_aspect, p.x};
}

// The glyph joining a cell to its neighbour along the line, by the step between them.
std::string step_glyph(int drow, int dcol) {
    if (drow == 0) {
        return "─";
    }
    if (dcol == 0) {
        return "│";
    }
    return (drow < 0) == (dcol > 0) ? "╱" : "╲";
}

// A thin (8-connected) line from `a` to `b`, excluding `a` itself. Each cell shows how the line
// leaves it (flat, steep or diagonal), so shallow and steep slopes both read as lines.
void draw_line(Canvas& canvas, std::pair<double, double> a, std::pair<double, double> b,
               const std::string* glyph, bool over) {
    const double drow = b.first - a.first;
    const double dcol = b.second - a.second;
    const int steps = static_cast<int>(std::ceil(std::max(std::abs(drow), std::abs(dcol))));
    std::vector<Cell> path;
    for (int i = 0; i <= steps; ++i) {
        const double t = steps == 0 ? 0.0 : static_cast<double>(i) / steps;
        path.emplace_back(static_cast<int>(std::lround(a.first + t * drow)),
                          static_cast<int>(std::lround(a.second + t * dcol)));
    }
    for (std::size_t i = 1; i < path.size(); ++i) {
        const Cell& from = i + 1 < path.size() ? path[i] : path[i - 1];
        const Cell& to = i + 1 < path.size() ? path[i + 1] : path[i];
        canvas.put(
            path[i],
            glyph != nullptr ? *glyph : step_glyph(to.first - from.first, to.second - from.second),
            over);
    }
}

Cell cell_of(std::pair<double, double> p) {
    return {static_cast<int>(std::lround(p.first)), static_cast<int>(std::lround(p.second))};
}

std::string to_text(const Canvas& canvas) {
    int top = 0, bottom = 0, left = 0, right = 0;
    for (const auto& [cell, glyph] : canvas.cells) {
        top = std::min(top, cell.first);
        bottom = std::max(bottom, cell.first);
        left = std::min(left, cell.second);
        right = std::max(right, cell.second);
    }
    std::string out;
    for (int row = top; row <= bottom; ++row) {
        std::string line = "  ";
        int pending_spaces = 0;  // written only when a glyph follows: no trailing spaces
        for (int col = left; col <= right; ++col) {
            auto it = canvas.cells.find({row, col});
            if (it == canvas.cells.end()) {
                ++pending_spaces;
                continue;
            }
            line.append(static_cast<std::size_t>(pending_spaces), ' ');
            pending_spaces = 0;
            line += it->second;
        }
        out += line + "\n";
    }
    return out;
}

}  // namespace

std::string draw_leg(double thigh_angle, std::optional<double> knee_flexion,
                     std::optional<double> cutoff) {
    Canvas canvas;
    const std::pair<double, double> hip{0.0, 0.0};
    for (int col = -k_table_length; col < 0; ++col) {
        canvas.put({0, col}, k_table, true);
    }
    const geometry::LegPose pose =
        geometry::leg_pose(thigh_angle, knee_flexion, k_thigh_length, k_shank_length);
    if (pose.knee) {
        const auto knee = on_canvas(*pose.knee);
        draw_line(canvas, hip, knee, nullptr, true);
        if (pose.foot) {
            draw_line(canvas, knee, on_canvas(*pose.foot), nullptr, true);
        }
        canvas.put(cell_of(knee), k_knee, true);
    }
    if (cutoff && std::isfinite(*cutoff)) {
        const std::string dot = k_dot;
        draw_line(canvas, hip, on_canvas(geometry::end_point({}, *cutoff, k_cutoff_length)), &dot,
                  false);
    }
    canvas.put({0, 0}, k_hip, true);
    return to_text(canvas);
}

}  // namespace thomas::cli
