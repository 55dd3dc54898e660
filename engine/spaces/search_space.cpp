#include "search_space.h"

#include "core/canonical_form.h"
#include "core/errors.h"

#include <charconv>
#include <cmath>

namespace edgenas::spaces {

namespace {

std::string_view trim(std::string_view text) {
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!text.empty() && isSpace(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isSpace(text.back()))
        text.remove_suffix(1);
    return text;
}

std::vector<std::string_view> splitOn(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = text.find(separator, start);
        parts.push_back(trim(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start)));
        if (end == std::string_view::npos)
            return parts;
        start = end + 1;
    }
}

bool parseInt(std::string_view token, int& value) {
    if (token.empty())
        return false;
    const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
    return error == std::errc() && end == token.data() + token.size();
}

// Accepts the Python list spelling of a genome, so HW-NAS-Bench tuples paste as they are.
std::string_view stripBrackets(std::string_view text) {
    text = trim(text);
    if (text.size() >= 2 && ((text.front() == '[' && text.back() == ']') || (text.front() == '(' && text.back() == ')')))
        text = trim(text.substr(1, text.size() - 2));
    return text;
}

} // namespace

std::string genomeToIntList(const Genome& genome) {
    std::string text;
    for (std::size_t i = 0; i < genome.size(); ++i) {
        if (i > 0)
            text += ',';
        text += std::to_string(genome[i]);
    }
    return text;
}

Genome genomeFromIntList(std::string_view text) {
    const std::string_view body = stripBrackets(text);
    if (body.empty())
        throw core::InputError("genome '" + std::string(text) + "' is empty");
    Genome genome;
    for (std::string_view token : splitOn(body, ',')) {
        int value = 0;
        if (!parseInt(token, value))
            throw core::InputError("genome '" + std::string(text) + "': '" + std::string(token) +
                                   "' is not an integer");
        genome.push_back(value);
    }
    return genome;
}

std::string SearchSpace::geneLabel(int gene) const { return "gene " + std::to_string(gene); }

void SearchSpace::requireValid(const Genome& genome) const {
    const std::vector<int> cards = geneCardinalities();
    if (genome.size() != cards.size())
        throw core::InputError(name() + " genome has " + std::to_string(genome.size()) + " genes, expected " +
                               std::to_string(cards.size()));
    for (std::size_t i = 0; i < cards.size(); ++i)
        if (genome[i] < 0 || genome[i] >= cards[i])
            throw core::InputError(name() + " genome: gene " + std::to_string(i) + " (" +
                                   geneLabel(static_cast<int>(i)) + ") is " + std::to_string(genome[i]) +
                                   ", expected 0.." + std::to_string(cards[i] - 1));
}

bool SearchSpace::isValid(const Genome& genome) const {
    const std::vector<int> cards = geneCardinalities();
    if (genome.size() != cards.size())
        return false;
    for (std::size_t i = 0; i < cards.size(); ++i)
        if (genome[i] < 0 || genome[i] >= cards[i])
            return false;
    return true;
}

void SearchSpace::stampMetadata(core::Architecture& architecture, const Genome& genome) const {
    architecture.metadata["space"] = name();
    architecture.metadata["genome"] = genomeToIntList(genome);
    architecture.metadata["arch"] = genomeToString(genome);
}

Genome SearchSpace::encode(const core::Architecture& architecture) const {
    const auto& meta = architecture.metadata;
    if (auto it = meta.find("space"); it != meta.end() && it->second != name())
        throw core::InputError("architecture comes from space '" + it->second + "', not '" + name() + "'");
    Genome genome;
    if (auto it = meta.find("genome"); it != meta.end())
        genome = genomeFromIntList(it->second);
    else if (auto arch = meta.find("arch"); arch != meta.end())
        genome = genomeFromString(arch->second);
    else
        throw core::InputError("architecture has no 'genome' or 'arch' metadata, so it cannot be mapped into the " +
                               name() + " space");
    requireValid(genome);
    // Metadata can be stale or hand-edited: trust it only if it rebuilds this very network.
    std::string given;
    try {
        given = core::canonicalHash(architecture);
    } catch (const core::ArchitectureError& e) {
        throw core::InputError(std::string("architecture is invalid: ") + e.what());
    }
    if (core::canonicalHash(decode(genome)) != given)
        throw core::InputError("architecture does not match the " + name() + " network of its genome " +
                               genomeToIntList(genome) + " (edited graph, or other space options?)");
    return genome;
}

std::string SearchSpace::genomeToString(const Genome& genome) const {
    requireValid(genome);
    std::string text;
    for (std::size_t i = 0; i < genome.size(); ++i) {
        if (i > 0)
            text += ',';
        text += geneChoiceNames(static_cast<int>(i)).at(static_cast<std::size_t>(genome[i]));
    }
    return text;
}

Genome SearchSpace::genomeFromString(std::string_view text) const {
    const std::string_view body = stripBrackets(text);
    const std::vector<int> cards = geneCardinalities();
    const std::vector<std::string_view> tokens =
        body.empty() ? std::vector<std::string_view>{} : splitOn(body, ',');
    if (tokens.size() != cards.size())
        throw core::InputError(name() + " genome '" + std::string(text) + "' has " + std::to_string(tokens.size()) +
                               " genes, expected " + std::to_string(cards.size()));
    Genome genome(tokens.size());
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string_view token = tokens[i];
        const std::vector<std::string> names = geneChoiceNames(static_cast<int>(i));
        int value = -1;
        for (std::size_t c = 0; c < names.size(); ++c)
            if (names[c] == token)
                value = static_cast<int>(c);
        if (int number = 0; value < 0 && parseInt(token, number) && number >= 0 && number < cards[i])
            value = number;
        if (value < 0) {
            std::string known;
            for (const std::string& n : names)
                known += (known.empty() ? "" : ", ") + n;
            throw core::InputError(name() + " genome: bad token '" + std::string(token) + "' for gene " +
                                   std::to_string(i) + " (" + geneLabel(static_cast<int>(i)) + "); expected one of " +
                                   known + " or 0.." + std::to_string(cards[i] - 1));
        }
        genome[i] = value;
    }
    return genome;
}

Genome SearchSpace::sample(Rng& rng) const {
    const std::vector<int> cards = geneCardinalities();
    Genome genome(cards.size());
    for (std::size_t i = 0; i < cards.size(); ++i)
        genome[i] = rng.uniformInt(cards[i]);
    return genome;
}

Genome SearchSpace::mutate(const Genome& parent, double perGeneRate, Rng& rng) const {
    requireValid(parent);
    if (!(perGeneRate >= 0.0 && perGeneRate <= 1.0))
        throw core::InputError("mutation rate must be within 0..1, got " + std::to_string(perGeneRate));
    const std::vector<int> cards = geneCardinalities();
    // Uniform over the other card - 1 values: draw from 0..card-2 and skip the current value.
    const auto changeGene = [&](Genome& genome, std::size_t i) {
        const int draw = rng.uniformInt(cards[i] - 1);
        genome[i] = draw >= genome[i] ? draw + 1 : draw;
    };
    Genome child = parent;
    bool changed = false;
    std::vector<std::size_t> changeable;
    for (std::size_t i = 0; i < cards.size(); ++i) {
        if (cards[i] < 2)
            continue;
        changeable.push_back(i);
        if (rng.bernoulli(perGeneRate)) {
            changeGene(child, i);
            changed = true;
        }
    }
    if (!changed && !changeable.empty())
        changeGene(child, changeable[rng.uniformU64(changeable.size())]);
    return child;
}

std::pair<Genome, Genome> SearchSpace::crossover(const Genome& a, const Genome& b, Rng& rng) const {
    requireValid(a);
    requireValid(b);
    std::pair<Genome, Genome> children{a, b};
    for (std::size_t i = 0; i < a.size(); ++i)
        if (rng.bernoulli(0.5))
            std::swap(children.first[i], children.second[i]);
    return children;
}

double SearchSpace::size() const {
    double total = 1.0;
    for (int card : geneCardinalities())
        total *= card;
    return total;
}

} // namespace edgenas::spaces
