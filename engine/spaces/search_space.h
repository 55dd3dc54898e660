#pragma once

#include "core/architecture.h"
#include "rng.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace edgenas::spaces {

/// One integer per gene; gene i takes values 0 .. geneCardinalities()[i] - 1.
using Genome = std::vector<int>;

/// "3,0,4,1,2,3": the form stored in architecture metadata "genome" and used as a cache key.
std::string genomeToIntList(const Genome& genome);
/// Inverse of genomeToIntList; throws core::InputError naming the bad token.
Genome genomeFromIntList(std::string_view text);

/// A family of networks indexed by integer genomes: the interface the search methods see.
/// Spaces are immutable after construction, so one instance can be shared between threads
/// (each thread bringing its own Rng).
class SearchSpace {
public:
    virtual ~SearchSpace() = default;

    /// Short identifier ("nb201", "mobilenet"), also written into architecture metadata "space".
    virtual std::string name() const = 0;
    virtual std::string description() const = 0;
    /// Number of choices per gene.
    virtual std::vector<int> geneCardinalities() const = 0;
    /// Names of the choices of one gene, index = gene value (e.g. "nor_conv_3x3", "k5_e6").
    virtual std::vector<std::string> geneChoiceNames(int gene) const = 0;
    /// Where a gene acts in the network, for display (e.g. "edge 2<-1", "stage3/layer0").
    virtual std::string geneLabel(int gene) const;

    /// Builds the network; throws core::InputError for an invalid genome.
    virtual core::Architecture decode(const Genome& genome) const = 0;
    /// Recovers the genome from metadata "genome" (or "arch"), then checks that decoding it gives
    /// the same canonical network; throws core::InputError if the architecture is not from this
    /// space (with these options).
    virtual Genome encode(const core::Architecture& architecture) const;

    /// Human-readable form; the default joins choice names with commas.
    virtual std::string genomeToString(const Genome& genome) const;
    /// Inverse of genomeToString; the default also accepts gene values ("0, 8, 3", "[0,8,3]").
    /// Throws core::InputError naming the bad token.
    virtual Genome genomeFromString(std::string_view text) const;

    int geneCount() const { return static_cast<int>(geneCardinalities().size()); }
    /// Uniform over every gene's choices.
    Genome sample(Rng& rng) const;
    /// Each gene is, with probability perGeneRate, replaced by a different value (uniform over the
    /// others). If that changes nothing, one gene picked uniformly is changed, so the child always
    /// differs from the parent (unless no gene has two choices).
    Genome mutate(const Genome& parent, double perGeneRate, Rng& rng) const;
    /// Uniform crossover: each gene of the first child comes from either parent with p = 0.5 and
    /// the second child takes the other parent's gene.
    std::pair<Genome, Genome> crossover(const Genome& a, const Genome& b, Rng& rng) const;
    /// Number of genomes (a double: layer-wise spaces exceed 2^64).
    double size() const;
    bool isValid(const Genome& genome) const;

protected:
    /// Throws core::InputError naming the first gene that is out of range (or the wrong length).
    void requireValid(const Genome& genome) const;
    /// Writes the provenance keys every space records.
    void stampMetadata(core::Architecture& architecture, const Genome& genome) const;
};

} // namespace edgenas::spaces
