#include "rewrite_rules.h"

#include "program_rewriting.h"

#include "core/errors.h"
#include "core/native_program.h"

#include <algorithm>
#include <functional>
#include <set>

namespace edgenas::search {

using core::Instruction;
using core::Primitive;
using core::TensorShape;

namespace {

using Program = std::vector<Instruction>;

// A replacement for one site, written with the site's input as value 0.
class Replacement {
public:
    int add(Instruction ins) {
        m_program.push_back(std::move(ins));
        return static_cast<int>(m_program.size());
    }
    // A k x k window; a 1 x 1 window without stride or padding reads `from` itself.
    int window(int from, int kernel, int stride, int padding, int dilation) {
        if (kernel == 1 && stride == 1 && padding == 0)
            return from;
        return add({.primitive = Primitive::Unfold, .inputs = {from}, .kernel = kernel, .stride = stride,
                    .padding = padding, .dilation = dilation});
    }
    int contract(int from, int outChannels, int groups, bool bias) {
        return add({.primitive = Primitive::Contract, .inputs = {from}, .outChannels = outChannels, .groups = groups,
                    .bias = bias});
    }
    int shuffle(int from, int groups) { return add({.primitive = Primitive::Shuffle, .inputs = {from}, .groups = groups}); }
    int slice(int from, int first, int count) {
        return add({.primitive = Primitive::Slice, .inputs = {from}, .first = first, .count = count});
    }
    int shift(int from, int kernel, int dilation) {
        return add({.primitive = Primitive::Shift, .inputs = {from}, .kernel = kernel, .dilation = dilation});
    }
    Program take() { return std::move(m_program); }

private:
    Program m_program;
};

using SiteRule = std::function<std::vector<Program>(const ContractionSite&)>;

struct Rule {
    std::string name;
    SiteRule apply;
};

std::vector<Program> one(Replacement r) { return {r.take()}; }

// Padding that keeps a window's output size when its reach d (k - 1) changes to `reach`; -1
// when no padding does.
int paddingFor(const ContractionSite& s, int reach) {
    const int twice = 2 * s.padding - s.dilation * (s.kernel - 1) + reach;
    return twice >= 0 && twice % 2 == 0 ? twice / 2 : -1;
}

// Depthwise k x k on the site's input, then a pointwise contraction (with the site's groups).
std::vector<Program> factorise(const ContractionSite& s) {
    const int c = s.in.channels;
    if (s.kernel == 1 || s.groups == c)
        return {};
    Replacement r;
    const int depthwise = r.contract(r.window(0, s.kernel, s.stride, s.padding, s.dilation), c, c, false);
    r.contract(depthwise, s.outChannels, s.groups, s.bias);
    return one(std::move(r));
}

// The contraction in `by` times as many groups; a gathered input is channel-major, so a group
// holds whole input channels with all their taps. Optionally a shuffle of the result.
std::vector<Program> group(const ContractionSite& s, int by, bool shuffle) {
    const int groups = s.groups * by;
    if (s.in.channels % groups != 0 || s.outChannels % groups != 0)
        return {};
    Replacement r;
    const int y = r.contract(r.window(0, s.kernel, s.stride, s.padding, s.dilation), s.outChannels, groups, s.bias);
    if (shuffle)
        r.shuffle(y, groups);
    return one(std::move(r));
}

// Per group, the window's contraction to rank / groups channels, then a 1 x 1 contraction to
// the outputs: the factors of a truncated SVD of each group's weight matrix.
std::optional<Program> lowRank(const ContractionSite& s, int rank) {
    const int fanIn = s.in.channels / s.groups * s.kernel * s.kernel;
    const int fullRank = std::min(s.outChannels / s.groups, fanIn) * s.groups;
    if (rank <= 0 || rank % s.groups != 0 || rank > fullRank)
        return std::nullopt;
    Replacement r;
    const int bottleneck = r.contract(r.window(0, s.kernel, s.stride, s.padding, s.dilation), rank, s.groups, false);
    r.contract(bottleneck, s.outChannels, s.groups, s.bias);
    return r.take();
}

// A fraction of the full rank (per group, rounded down, at least 1); nothing when that is the
// full rank already (a depthwise convolution is rank 1 per group).
std::vector<Program> lowRankFraction(const ContractionSite& s, int divisor) {
    const int fanIn = s.in.channels / s.groups * s.kernel * s.kernel;
    const int perGroup = std::min(s.outChannels / s.groups, fanIn);
    const int rank = std::max(1, perGroup / divisor);
    if (rank >= perGroup)
        return {};
    if (auto program = lowRank(s, rank * s.groups))
        return {*program};
    return {};
}

// k x 1 then 1 x k. The instruction set has square windows only, so each step gathers the k x k
// window and keeps one column (or row) of taps: a shuffle brings the wanted taps together, a
// slice keeps them. Channels: C -> min(C, out) -> out, both contractions in the site's groups.
std::vector<Program> spatialSeparation(const ContractionSite& s) {
    const int k = s.kernel;
    const int c = s.in.channels;
    const int g = s.groups;
    const int mid = std::min(c, s.outChannels) / g * g;
    if (k < 3 || k % 2 == 0 || mid == 0)
        return {};
    Replacement r;
    // Column: patches are (c, kh, kw); a shuffle in C*k groups makes them (kw, c, kh), and the
    // centre kw block is the k x 1 patch, channel-major (c, kh).
    int x = r.window(0, k, s.stride, s.padding, s.dilation);
    x = r.shuffle(x, c * k);
    x = r.slice(x, (k / 2) * c * k, c * k);
    x = r.contract(x, mid, g, false);
    // Row, stride 1 with "same" padding: a shuffle in `mid` groups makes the patches (kh, kw, c),
    // the centre kh block is (kw, c), and a shuffle in k groups makes it channel-major (c, kw)
    // for a grouped contraction (a plain one absorbs any order into its weights).
    x = r.window(x, k, 1, s.dilation * (k - 1) / 2, s.dilation);
    x = r.shuffle(x, mid);
    x = r.slice(x, (k / 2) * k * mid, k * mid);
    if (g > 1)
        x = r.shuffle(x, k);
    r.contract(x, s.outChannels, g, s.bias);
    return one(std::move(r));
}

// A zero-MAC shift (channel c takes offset c mod k^2 of the window) and a 1 x 1 contraction at
// the site's stride, in the site's groups (ShiftNet). Needs "same" padding to keep the shape.
std::vector<Program> shiftPointwise(const ContractionSite& s) {
    if (s.kernel < 3 || s.kernel % 2 == 0 || paddingFor(s, 0) != 0)
        return {};
    Replacement r;
    const int shifted = r.shift(0, s.kernel, s.dilation);
    r.contract(r.window(shifted, 1, s.stride, 0, 1), s.outChannels, s.groups, s.bias);
    return one(std::move(r));
}

// k -> k - 2 (at least 3; 3 -> 1 is "remove"'s projection) with the dilation that keeps the
// receptive field d (k - 1) when it divides, else the same dilation and a smaller field.
std::vector<Program> kernelShrink(const ContractionSite& s) {
    const int k = s.kernel - 2;
    if (k < 3)
        return {};
    const int reach = s.dilation * (s.kernel - 1);
    const int dilation = reach % (k - 1) == 0 ? reach / (k - 1) : s.dilation;
    const int padding = paddingFor(s, dilation * (k - 1));
    if (padding < 0)
        return {};
    Replacement r;
    r.contract(r.window(0, k, s.stride, padding, dilation), s.outChannels, s.groups, s.bias);
    return one(std::move(r));
}

// The identity when the site keeps its input's shape; a 1 x 1 projection at the site's stride
// (the window's centre tap, in the site's groups) when the site has a window to drop.
std::vector<Program> remove(const ContractionSite& s) {
    std::vector<Program> programs;
    if (s.in == s.out) {
        Replacement r;
        r.slice(0, 0, s.in.channels);
        programs.push_back(r.take());
    }
    const int padding = paddingFor(s, 0);
    if (s.kernel > 1 && padding >= 0) {
        Replacement r;
        r.contract(r.window(0, 1, s.stride, padding, 1), s.outChannels, s.groups, s.bias);
        programs.push_back(r.take());
    }
    return programs;
}

const std::vector<Rule>& rules() {
    static const std::vector<Rule> kRules = [] {
        std::vector<Rule> list{{"factorise", factorise}};
        for (int by : {2, 4, 8}) {
            list.push_back({"group" + std::to_string(by), [by](const ContractionSite& s) { return group(s, by, false); }});
            list.push_back(
                {"group" + std::to_string(by) + "_shuffle", [by](const ContractionSite& s) { return group(s, by, true); }});
        }
        list.push_back({"low_rank_half", [](const ContractionSite& s) { return lowRankFraction(s, 2); }});
        list.push_back({"low_rank_quarter", [](const ContractionSite& s) { return lowRankFraction(s, 4); }});
        list.push_back({"spatial_separation", spatialSeparation});
        list.push_back({"shift_pointwise", shiftPointwise});
        list.push_back({"kernel_shrink_dilated", kernelShrink});
        list.push_back({"remove", remove});
        return list;
    }();
    return kRules;
}

const Rule& ruleNamed(std::string_view name) {
    for (const Rule& rule : rules())
        if (rule.name == name)
            return rule;
    std::string known;
    for (const Rule& rule : rules())
        known += (known.empty() ? "" : ", ") + rule.name;
    throw core::InputError("unknown GOS rewrite rule \"" + std::string(name) + "\" (known: " + known + ")");
}

} // namespace

const std::vector<std::string>& rewriteRuleNames() {
    static const std::vector<std::string> kNames = [] {
        std::vector<std::string> names;
        for (const Rule& rule : rules())
            names.push_back(rule.name);
        return names;
    }();
    return kNames;
}

std::vector<Program> applyRewriteRule(std::string_view name, const Program& program, const TensorShape& in) {
    const Rule& rule = ruleNamed(name);
    std::vector<Program> programs;
    for (const ContractionSite& site : contractionSites(program, in))
        for (const Program& replacement : rule.apply(site))
            programs.push_back(spliceSite(program, site, replacement));
    return programs;
}

Program rewritableProgram(const core::Node& node, const TensorShape& in) {
    if (node.op == core::OpType::Program)
        return node.program;
    if (auto program = core::nativeProgram(node, in))
        return *program;
    throw core::InputError("node " + std::to_string(node.id) + " (" + std::string(core::toString(node.op)) +
                           "): GOS rewrites convolutions, depthwise and pointwise convolutions, linear layers and "
                           "program nodes only");
}

std::vector<RewriteCandidate> rewriteCandidates(const core::Node& node, const TensorShape& in,
                                                const RewriteOptions& options) {
    if (options.depth < 1 || options.depth > 2)
        throw core::InputError("GOS rewrite depth must be 1 or 2, got " + std::to_string(options.depth));
    const Program original = rewritableProgram(node, in);
    const TensorShape out = programOutput(original, in);
    const std::int64_t originalMacs = programMacs(original, in);
    std::set<std::string> seen{core::programKey(canonicalProgram(original, in))};
    std::vector<RewriteCandidate> candidates;
    auto consider = [&](const Program& program, std::vector<std::string> applied) {
        RewriteCandidate candidate;
        try {
            candidate.program = canonicalProgram(program, in);
            if (!(programOutput(candidate.program, in) == out))
                return;
            candidate.macs = programMacs(candidate.program, in);
        } catch (const core::ArchitectureError&) {
            return;  // e.g. a window larger than a small input: the rule does not apply here
        }
        if (candidate.macs >= originalMacs)
            return;
        candidate.key = core::programKey(candidate.program);
        if (!seen.insert(candidate.key).second)
            return;
        candidate.rules = std::move(applied);
        candidates.push_back(std::move(candidate));
    };
    for (const Rule& rule : rules())
        for (const Program& program : applyRewriteRule(rule.name, original, in))
            consider(program, {rule.name});
    if (options.depth == 2) {
        const std::size_t depthOne = candidates.size();
        for (std::size_t i = 0; i < depthOne; ++i) {
            const RewriteCandidate parent = candidates[i];  // copied: candidates grows below
            for (const Rule& rule : rules())
                for (const Program& program : applyRewriteRule(rule.name, parent.program, in))
                    consider(program, {parent.rules.front(), rule.name});
        }
    }
    return candidates;
}

std::vector<RuleCount> ruleCounts(const std::vector<RewriteCandidate>& candidates) {
    std::vector<RuleCount> counts;
    for (const std::string& name : rewriteRuleNames())
        counts.push_back({name, 0, 0});
    for (const RewriteCandidate& candidate : candidates)
        for (RuleCount& count : counts)
            if (!candidate.rules.empty() && count.rule == candidate.rules.front())
                ++(candidate.rules.size() == 1 ? count.depth1 : count.depth2);
    return counts;
}

std::optional<Program> lowRankProgram(const Program& program, const TensorShape& in, int rank) {
    const std::vector<ContractionSite> sites = contractionSites(program, in);
    if (sites.empty())
        return std::nullopt;
    const auto replacement = lowRank(sites.back(), rank);
    if (!replacement)
        return std::nullopt;
    return spliceSite(program, sites.back(), *replacement);
}

} // namespace edgenas::search
