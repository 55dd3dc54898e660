#include "hadas_supernet.h"

#include "temperature_scaling.h"

#include "core/artefact_cache.h"
#include "core/errors.h"
#include "cost/architecture_cost.h"
#include "data/data_split.h"
#include "models/exit_heads.h"
#include "models/supernet_model.h"
#include "models/torch_runtime.h"
#include "models/trainer.h"
#include "proxies/kendall_tau.h"
#include "search/method_settings_json.h"
#include "search/settings_schema.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

namespace edgenas::search {

using nlohmann::json;
using spaces::AttentiveBackbone;

namespace {

constexpr const char* kWeightsKind = "supernet-weights";
constexpr const char* kHeadsKind = "exit-heads";
constexpr const char* kTableKind = "exit-table";
constexpr const char* kFidelityKind = "supernet-fidelity-report";

/// The default folder of a kind, named after it ("exit-heads", "exit-tables"):
/// ArtefactCache::defaultFolder appends an "s" to the name it is given.
std::string defaultFolderOf(const std::string& kind) {
    return core::ArtefactCache::defaultFolder(kind.ends_with('s') ? kind.substr(0, kind.size() - 1) : kind);
}

// ---- settings -------------------------------------------------------------------------------

json settingsObject(const HadasSupernetSettings& s) {
    return json{{"validation_fraction", s.validationFraction},
                {"split_seed", s.splitSeed},
                {"train_subset", s.trainSubset},
                {"epochs", s.epochs},
                {"batch_size", s.batchSize},
                {"random_subnets", s.randomSubnets},
                {"learning_rate", s.learningRate},
                {"weight_decay", s.weightDecay},
                {"seed", s.seed},
                {"calibration_batches", s.calibrationBatches},
                {"calibration_batch_size", s.calibrationBatchSize},
                {"validation_subset", s.validationSubset},
                {"head_width", s.headWidth},
                {"head_epochs", s.headEpochs},
                {"head_train_subset", s.headTrainSubset},
                {"head_learning_rate", s.headLearningRate},
                {"head_feature_memory_mib", s.headFeatureMemoryMiB},
                {"fidelity_subnets", s.fidelitySubnets},
                {"fidelity_epochs", s.fidelityEpochs},
                {"fidelity_batch_size", s.fidelityBatchSize},
                {"fidelity_learning_rate", s.fidelityLearningRate},
                {"fidelity_seed", s.fidelitySeed},
                {"threads", s.threads}};
}

// ---- data identity and keys -----------------------------------------------------------------

std::string hex(std::uint64_t v) {
    static const char* digits = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, v >>= 4)
        out[static_cast<std::size_t>(i)] = digits[v & 15];
    return out;
}

/// FNV-1a over the labels and every 97th pixel: tells two data sets of the same name apart cheaply.
std::string dataFingerprint(const data::Dataset& d) {
    std::uint64_t h = 1469598103934665603ULL;
    auto mix = [&h](std::uint8_t byte) { h = (h ^ byte) * 1099511628211ULL; };
    for (std::uint8_t label : d.labels)
        mix(label);
    for (std::size_t i = 0; i < d.pixels.size(); i += 97)
        mix(d.pixels[i]);
    return hex(h);
}

json layoutObject(const spaces::AttentiveLayout& l) {
    json stages = json::array();
    for (const auto& s : l.stages)
        stages.push_back({{"name", s.name}, {"widths", s.widths}, {"depths", s.depths}, {"kernels", s.kernels},
                          {"expansions", s.expansions}, {"stride", s.stride}, {"se", s.squeezeExcite}});
    return {{"name", l.name}, {"stem_widths", l.stemWidths}, {"stem_stride", l.stemStride}, {"stages", stages},
            {"head_expansion", l.headExpansion}, {"feature_widths", l.featureWidths},
            {"resolutions", l.resolutions}};
}

core::ArtefactRecipe supernetRecipe(const spaces::AttentiveSpace& space, const data::Dataset& trainSet,
                                    const HadasSupernetSettings& s) {
    const core::Architecture largest = space.build(space.largest());
    const json recipe{{"code_version", HadasSupernet::kCodeVersion},
                      {"torch", models::torchVersion()},
                      {"layout", layoutObject(space.layout())},
                      {"input", {largest.input.channels, largest.input.height, largest.input.width}},
                      {"classes", largest.numClasses},
                      {"dataset", trainSet.name},
                      {"dataset_size", trainSet.size()},
                      {"dataset_fingerprint", dataFingerprint(trainSet)},
                      {"validation_fraction", s.validationFraction},
                      {"split_seed", s.splitSeed},
                      {"train_subset", s.trainSubset},
                      {"epochs", s.epochs},
                      {"batch_size", s.batchSize},
                      {"random_subnets", s.randomSubnets},
                      {"learning_rate", s.learningRate},
                      {"momentum", 0.9},
                      {"weight_decay", s.weightDecay},
                      {"seed", s.seed}};
    core::ArtefactRecipe r;
    r.kind = kWeightsKind;
    r.label = space.layout().name + "-" + trainSet.name + "-e" + std::to_string(s.epochs) + "-n" +
              std::to_string(s.trainSubset);
    r.settingsJson = recipe.dump();
    r.extension = ".pt";
    return r;
}

std::string genomeText(const spaces::AttentiveSpace& space, const AttentiveBackbone& b) {
    return spaces::genomeToIntList(space.genomeOf(b));
}

// ---- exit tables on disk --------------------------------------------------------------------

constexpr char kTableMagic[8] = {'E', 'X', 'I', 'T', 'T', 'B', 'L', '1'};

void writeOutcomes(std::ostream& out, const ExitOutcomes& o) {
    const std::int32_t block = o.block;
    const std::uint64_t n = o.correct.size();
    out.write(reinterpret_cast<const char*>(&block), sizeof block);
    out.write(reinterpret_cast<const char*>(&o.temperature), sizeof o.temperature);
    out.write(reinterpret_cast<const char*>(&n), sizeof n);
    out.write(reinterpret_cast<const char*>(o.correct.data()), static_cast<std::streamsize>(n));
    out.write(reinterpret_cast<const char*>(o.confidence.data()), static_cast<std::streamsize>(n * sizeof(float)));
}

ExitOutcomes readOutcomes(std::istream& in) {
    ExitOutcomes o;
    std::int32_t block = 0;
    std::uint64_t n = 0;
    in.read(reinterpret_cast<char*>(&block), sizeof block);
    in.read(reinterpret_cast<char*>(&o.temperature), sizeof o.temperature);
    in.read(reinterpret_cast<char*>(&n), sizeof n);
    if (!in || n > (std::uint64_t(1) << 32))
        throw core::InputError("exit table file is damaged");
    o.block = block;
    o.correct.resize(n);
    o.confidence.resize(n);
    in.read(reinterpret_cast<char*>(o.correct.data()), static_cast<std::streamsize>(n));
    in.read(reinterpret_cast<char*>(o.confidence.data()), static_cast<std::streamsize>(n * sizeof(float)));
    if (!in)
        throw core::InputError("exit table file is damaged");
    return o;
}

void writeTables(const std::string& path, const std::pair<ExitTable, ExitTable>& tables) {
    std::ofstream out(path, std::ios::binary);
    out.write(kTableMagic, sizeof kTableMagic);
    for (const ExitTable* table : {&tables.first, &tables.second}) {
        const std::uint32_t exits = static_cast<std::uint32_t>(table->exits.size());
        out.write(reinterpret_cast<const char*>(&exits), sizeof exits);
        for (const auto& o : table->exits)
            writeOutcomes(out, o);
        writeOutcomes(out, table->final);
    }
    if (!out)
        throw core::InputError("cannot write exit tables to " + path);
}

std::pair<ExitTable, ExitTable> readTables(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char magic[sizeof kTableMagic] = {};
    in.read(magic, sizeof magic);
    if (!in || std::memcmp(magic, kTableMagic, sizeof magic) != 0)
        throw core::InputError("exit table file " + path + " is not one");
    std::pair<ExitTable, ExitTable> tables;
    for (ExitTable* table : {&tables.first, &tables.second}) {
        std::uint32_t exits = 0;
        in.read(reinterpret_cast<char*>(&exits), sizeof exits);
        if (!in || exits > 4096)
            throw core::InputError("exit table file " + path + " is damaged");
        for (std::uint32_t i = 0; i < exits; ++i)
            table->exits.push_back(readOutcomes(in));
        table->final = readOutcomes(in);
    }
    return tables;
}

double populationSd(const std::vector<double>& v) {
    if (v.empty())
        return 0.0;
    const double mean = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
    double sum = 0.0;
    for (double x : v)
        sum += (x - mean) * (x - mean);
    return std::sqrt(sum / double(v.size()));
}

void summarise(FidelityReport& report) {
    std::vector<double> inherited, standalone;
    for (const auto& s : report.subnets) {
        inherited.push_back(s.inheritedAccuracy);
        standalone.push_back(s.standaloneAccuracy);
    }
    report.inheritedSd = populationSd(inherited);
    report.standaloneSd = populationSd(standalone);
    if (report.subnets.size() >= 2) {
        const proxies::BootstrapInterval tau = proxies::kendallTauInterval(inherited, standalone, 2000, 1);
        report.kendallTau = tau.value;
        report.tauLow = tau.low;
        report.tauHigh = tau.high;
    }
}

} // namespace

// ---- settings -------------------------------------------------------------------------------

const std::vector<SettingDescriptor>& HadasSupernetSettings::schema() {
    static const HadasSupernetSettings d;
    static const std::vector<SettingDescriptor> schema{
        numberSetting("validation_fraction", 0.01, 0.9, d.validationFraction,
                      "fraction of the train part held out as the validation split (never trained on)"),
        integerSetting("split_seed", 0, 1'000'000'000, static_cast<long long>(d.splitSeed),
                       "seed of the train/validation split and the subsets"),
        integerSetting("train_subset", 0, 10'000'000, d.trainSubset,
                       "images of the training split the supernet trains on; 0 = all"),
        integerSetting("epochs", 1, 1000, d.epochs, "sandwich-rule epochs of the supernet"),
        integerSetting("batch_size", 2, 4096, d.batchSize, "supernet batch size"),
        integerSetting("random_subnets", 0, 16, d.randomSubnets,
                       "random subnets per step besides the largest and the smallest"),
        numberSetting("learning_rate", 1e-6, 10.0, d.learningRate, "peak learning rate (cosine, SGD Nesterov 0.9)"),
        numberSetting("weight_decay", 0.0, 1.0, d.weightDecay, "weight decay (not on BN weights or biases)"),
        integerSetting("seed", 0, 1'000'000'000, static_cast<long long>(d.seed),
                       "initial weights, shuffling, random subnets, recalibration batches"),
        integerSetting("calibration_batches", 1, 10000, d.calibrationBatches,
                       "BN recalibration: batches of the training subset averaged"),
        integerSetting("calibration_batch_size", 2, 4096, d.calibrationBatchSize, "BN recalibration batch size"),
        integerSetting("validation_subset", 0, 10'000'000, d.validationSubset,
                       "validation images a subnet is scored on; 0 = the whole validation split"),
        integerSetting("head_width", 1, 4096, d.headWidth, "channels H of an early-exit head's 1x1 conv"),
        integerSetting("head_epochs", 1, 1000, d.headEpochs, "epochs of exit-head training"),
        integerSetting("head_train_subset", 0, 10'000'000, d.headTrainSubset,
                       "training images whose block outputs are cached for the heads; 0 = the training subset"),
        numberSetting("head_learning_rate", 1e-6, 10.0, d.headLearningRate, "peak learning rate of the heads"),
        integerSetting("head_feature_memory_mib", 16, 65536, d.headFeatureMemoryMiB,
                       "memory cap of the cached block outputs; the head subset is cut to fit"),
        integerSetting("fidelity_subnets", 2, 1000, d.fidelitySubnets, "subnets of the fidelity study"),
        integerSetting("fidelity_epochs", 1, 1000, d.fidelityEpochs, "stand-alone training epochs per subnet"),
        integerSetting("fidelity_batch_size", 2, 4096, d.fidelityBatchSize, "stand-alone training batch size"),
        numberSetting("fidelity_learning_rate", 1e-6, 10.0, d.fidelityLearningRate,
                      "stand-alone training learning rate"),
        integerSetting("fidelity_seed", 0, 1'000'000'000, static_cast<long long>(d.fidelitySeed),
                       "which subnets the fidelity study picks"),
        integerSetting("threads", 0, 1024, d.threads, "LibTorch threads; 0 = leave the process's count"),
    };
    return schema;
}

HadasSupernetSettings HadasSupernetSettings::fromJson(const std::string& text) {
    const json j = methodSettingsObject(text);
    checkSettings("hadas supernet", schema(), j);
    HadasSupernetSettings s;
    s.validationFraction = j.value("validation_fraction", s.validationFraction);
    s.splitSeed = j.value("split_seed", s.splitSeed);
    s.trainSubset = j.value("train_subset", s.trainSubset);
    s.epochs = j.value("epochs", s.epochs);
    s.batchSize = j.value("batch_size", s.batchSize);
    s.randomSubnets = j.value("random_subnets", s.randomSubnets);
    s.learningRate = j.value("learning_rate", s.learningRate);
    s.weightDecay = j.value("weight_decay", s.weightDecay);
    s.seed = j.value("seed", s.seed);
    s.calibrationBatches = j.value("calibration_batches", s.calibrationBatches);
    s.calibrationBatchSize = j.value("calibration_batch_size", s.calibrationBatchSize);
    s.validationSubset = j.value("validation_subset", s.validationSubset);
    s.headWidth = j.value("head_width", s.headWidth);
    s.headEpochs = j.value("head_epochs", s.headEpochs);
    s.headTrainSubset = j.value("head_train_subset", s.headTrainSubset);
    s.headLearningRate = j.value("head_learning_rate", s.headLearningRate);
    s.headFeatureMemoryMiB = j.value("head_feature_memory_mib", s.headFeatureMemoryMiB);
    s.fidelitySubnets = j.value("fidelity_subnets", s.fidelitySubnets);
    s.fidelityEpochs = j.value("fidelity_epochs", s.fidelityEpochs);
    s.fidelityBatchSize = j.value("fidelity_batch_size", s.fidelityBatchSize);
    s.fidelityLearningRate = j.value("fidelity_learning_rate", s.fidelityLearningRate);
    s.fidelitySeed = j.value("fidelity_seed", s.fidelitySeed);
    s.threads = j.value("threads", s.threads);
    return s;
}

std::string HadasSupernetSettings::toJson() const { return settingsObject(*this).dump(2); }

void HadasSupernetSettings::validate() const {
    checkSettings("hadas supernet", schema(), settingsObject(*this));
}

// ---- the supernet ---------------------------------------------------------------------------

std::string HadasSupernet::keyFor(const spaces::AttentiveSpace& space, const data::Dataset& trainSet,
                                  const HadasSupernetSettings& settings) {
    return supernetRecipe(space, trainSet, settings).key();
}

bool HadasSupernet::isCached(const spaces::AttentiveSpace& space, const data::Dataset& trainSet,
                             const HadasSupernetSettings& settings, const std::string& cacheFolder) {
    const core::ArtefactCache cache(cacheFolder.empty() ? defaultFolderOf(kWeightsKind) : cacheFolder);
    return cache.contains(supernetRecipe(space, trainSet, settings));
}

std::unique_ptr<HadasSupernet> HadasSupernet::obtain(const spaces::AttentiveSpace& space,
                                                     std::shared_ptr<const data::Dataset> trainSet,
                                                     std::shared_ptr<const data::Dataset> testSet,
                                                     const HadasSupernetSettings& settings,
                                                     const std::string& cacheFolder, const Progress& progress,
                                                     const Cancel& cancel) {
    settings.validate();
    if (!trainSet)
        throw core::InputError("HADAS's supernet needs the data set's train part");
    const core::Architecture largest = space.build(space.largest());
    for (const data::Dataset* d : {trainSet.get(), testSet.get()})
        if (d && (d->channels != largest.input.channels || d->height != largest.input.height ||
                  d->width != largest.input.width || d->numClasses != largest.numClasses))
            throw core::InputError("data set " + d->name + " (" + std::to_string(d->channels) + "x" +
                                   std::to_string(d->height) + "x" + std::to_string(d->width) + ", " +
                                   std::to_string(d->numClasses) + " classes) does not fit the attentive space's input");
    if (settings.threads > 0)
        models::setThreadCount(settings.threads);

    std::unique_ptr<HadasSupernet> self(new HadasSupernet());
    self->m_trainSet = std::move(trainSet);
    self->m_testSet = std::move(testSet);
    self->m_settings = settings;
    self->m_cacheFolder = cacheFolder;
    // The split exactly as models::Trainer makes it for TrainConfig{validationFraction, seed =
    // splitSeed, trainSubset, validationSubset}, so stand-alone training sees the same images.
    const data::DataSplit split =
        data::splitTrainValidation(self->m_trainSet->size(), settings.validationFraction, settings.splitSeed);
    self->m_trainIndices = data::takeSubset(split.train, static_cast<std::size_t>(settings.trainSubset), settings.splitSeed);
    self->m_validationIndices =
        data::takeSubset(split.validation, static_cast<std::size_t>(settings.validationSubset), settings.splitSeed + 1);
    if (self->m_trainIndices.size() < 2)
        throw core::InputError("HADAS's supernet has fewer than 2 training images after the validation split");

    self->m_model = std::make_unique<models::SupernetModel>(space, settings.seed);
    const core::ArtefactRecipe recipe = supernetRecipe(space, *self->m_trainSet, settings);
    self->m_key = recipe.key();
    core::ArtefactCache cache(self->cacheFolderFor(kWeightsKind));
    if (const auto entry = cache.find(recipe)) {
        try {
            self->m_model->load(entry->payloadPath);
            const json meta = json::parse(entry->metaJson);
            self->m_epochLosses = meta.value("epoch_losses", std::vector<double>{});
            self->m_secondsPerEpoch = meta.value("seconds_per_epoch", 0.0);
            self->m_fromCache = true;
            return self;
        } catch (const std::exception&) {
            // A damaged entry is made again (and replaced) below.
            self->m_model = std::make_unique<models::SupernetModel>(space, settings.seed);
        }
    }

    std::error_code ec;
    std::filesystem::create_directories(cache.folder(), ec);
    const std::string checkpoint = cache.payloadPath(recipe) + ".progress";
    models::SandwichConfig config;
    config.epochs = settings.epochs;
    config.batchSize = settings.batchSize;
    config.randomSubnets = settings.randomSubnets;
    config.learningRate = settings.learningRate;
    config.weightDecay = settings.weightDecay;
    config.seed = settings.seed;
    const models::SupernetTrainingSummary summary = self->m_model->train(
        config, *self->m_trainSet, self->m_trainIndices, checkpoint,
        [&](const models::SupernetProgress& p) {
            if (progress)
                progress(HadasSupernetProgress{"supernet", p.epoch, p.epochs, p.step, p.steps, p.loss});
        },
        cancel);
    // Epochs finished before a resume keep their losses only in the log of that run.
    self->m_epochLosses = summary.epochLosses;
    self->m_secondsPerEpoch = summary.secondsPerEpoch;
    const json meta{{"key", self->m_key},
                    {"recipe", json::parse(recipe.settingsJson)},
                    {"epoch_losses", summary.epochLosses},
                    {"resumed_from_epoch", summary.resumedFromEpoch},
                    {"seconds_per_epoch", summary.secondsPerEpoch},
                    {"threads", models::threadCount()},
                    {"train_images", self->m_trainIndices.size()}};
    cache.store(recipe, [&](const std::string& path) { self->m_model->save(path); }, meta.dump(2));
    std::filesystem::remove(checkpoint, ec);
    return self;
}

HadasSupernet::~HadasSupernet() = default;

const spaces::AttentiveSpace& HadasSupernet::space() const { return m_model->space(); }

std::string HadasSupernet::cacheFolderFor(const std::string& kind) const {
    return m_cacheFolder.empty() ? defaultFolderOf(kind) : m_cacheFolder;
}

void HadasSupernet::recalibrate(const AttentiveBackbone& backbone, const Cancel& cancel) {
    m_model->recalibrate(backbone, *m_trainSet, m_trainIndices, m_settings.calibrationBatches,
                         m_settings.calibrationBatchSize, m_settings.seed, cancel);
}

double HadasSupernet::validationAccuracy(const AttentiveBackbone& backbone, const Cancel& cancel) {
    const std::string genome = genomeText(space(), backbone);
    if (const auto it = m_validationMemo.find(genome); it != m_validationMemo.end())
        return it->second;
    recalibrate(backbone, cancel);
    const double accuracy = m_model->accuracy(backbone, *m_trainSet, m_validationIndices, cancel);
    m_validationMemo[genome] = accuracy;
    return accuracy;
}

double HadasSupernet::testAccuracy(const AttentiveBackbone& backbone, const Cancel& cancel) {
    if (!m_testSet)
        return -1.0;
    const std::string genome = genomeText(space(), backbone);
    if (const auto it = m_testMemo.find(genome); it != m_testMemo.end())
        return it->second;
    recalibrate(backbone, cancel);
    std::vector<int> all(m_testSet->size());
    std::iota(all.begin(), all.end(), 0);
    const double accuracy = m_model->accuracy(backbone, *m_testSet, all, cancel);
    m_testMemo[genome] = accuracy;
    return accuracy;
}

json HadasSupernet::headRecipe(const AttentiveBackbone& backbone, const std::vector<int>& blocks, int width) const {
    return json{{"supernet", m_key},
                {"genome", genomeText(space(), backbone)},
                {"blocks", blocks},
                {"head_width", width},
                {"head_epochs", m_settings.headEpochs},
                {"head_train_subset", m_settings.headTrainSubset},
                {"head_learning_rate", m_settings.headLearningRate},
                {"head_feature_memory_mib", m_settings.headFeatureMemoryMiB},
                {"calibration", {m_settings.calibrationBatches, m_settings.calibrationBatchSize}},
                {"seed", m_settings.seed},
                {"code_version", kCodeVersion}};
}

std::unique_ptr<models::ExitHeads> HadasSupernet::obtainHeads(const AttentiveBackbone& backbone,
                                                              const std::vector<int>& blocks, int width,
                                                              const Progress& progress, const Cancel& cancel) {
    const json recipeJson = headRecipe(backbone, blocks, width);
    core::ArtefactRecipe heads;
    heads.kind = kHeadsKind;
    heads.label = space().layout().name + "-" + m_trainSet->name + "-h" + std::to_string(width) + "-x" +
                  std::to_string(blocks.size());
    heads.settingsJson = recipeJson.dump();
    heads.extension = ".pt";

    auto exitHeads = std::make_unique<models::ExitHeads>(*m_model, backbone, blocks, width, m_settings.seed);
    core::ArtefactCache headCache(cacheFolderFor(kHeadsKind));
    if (const auto entry = headCache.find(heads)) {
        try {
            exitHeads->load(entry->payloadPath);
            return exitHeads;
        } catch (const core::InputError&) {
            // trained again below
        }
    }
    models::ExitHeadConfig config;
    config.width = width;
    config.epochs = m_settings.headEpochs;
    config.learningRate = m_settings.headLearningRate;
    config.seed = m_settings.seed;
    config.featureMemoryBytes = std::size_t(m_settings.headFeatureMemoryMiB) << 20;
    const std::vector<int> subset =
        data::takeSubset(m_trainIndices, static_cast<std::size_t>(m_settings.headTrainSubset), m_settings.seed);
    const models::ExitHeadTrainingSummary summary = exitHeads->train(
        *m_model, config, *m_trainSet, subset,
        [&](int epoch, double loss) {
            if (progress)
                progress(HadasSupernetProgress{"exit heads", epoch, config.epochs, 0, 0, loss});
        },
        cancel);
    const json meta{{"recipe", recipeJson},
                    {"train_images", summary.trainSamples},
                    {"epoch_losses", summary.epochLosses},
                    {"feature_seconds", summary.featureSeconds},
                    {"train_seconds", summary.trainSeconds}};
    headCache.store(heads, [&](const std::string& path) { exitHeads->save(path); }, meta.dump(2));
    return exitHeads;
}

std::pair<ExitTable, ExitTable> HadasSupernet::exitTables(const AttentiveBackbone& backbone,
                                                          const std::vector<int>& exitBlocks, int headWidth,
                                                          const Progress& progress, const Cancel& cancel) {
    const int width = headWidth > 0 ? headWidth : m_settings.headWidth;
    std::vector<int> blocks = exitBlocks;
    std::sort(blocks.begin(), blocks.end());
    json tableRecipe = headRecipe(backbone, blocks, width);
    tableRecipe["validation_subset"] = m_settings.validationSubset;
    tableRecipe["temperature_range"] = {kMinTemperature, kMaxTemperature};
    tableRecipe["test"] = m_testSet ? json{m_testSet->name, m_testSet->size(), dataFingerprint(*m_testSet)} : json();
    core::ArtefactRecipe tables;
    tables.kind = kTableKind;
    tables.label = space().layout().name + "-" + m_trainSet->name + "-h" + std::to_string(width) + "-x" +
                   std::to_string(blocks.size());
    tables.settingsJson = tableRecipe.dump();
    tables.extension = ".bin";

    core::ArtefactCache tableCache(cacheFolderFor(kTableKind));
    if (const auto entry = tableCache.find(tables)) {
        try {
            return readTables(entry->payloadPath);
        } catch (const core::InputError&) {
            // made again below
        }
    }

    recalibrate(backbone, cancel);
    const std::unique_ptr<models::ExitHeads> heads = obtainHeads(backbone, blocks, width, progress, cancel);
    models::ExitHeads& exitHeads = *heads;

    // Temperatures from the validation split, applied to both splits.
    const models::SplitLogits validation = exitHeads.logits(*m_model, *m_trainSet, m_validationIndices, cancel);
    models::SplitLogits test;
    if (m_testSet) {
        std::vector<int> all(m_testSet->size());
        std::iota(all.begin(), all.end(), 0);
        test = exitHeads.logits(*m_model, *m_testSet, all, cancel);
    }
    std::pair<ExitTable, ExitTable> result;
    auto fill = [&](const models::HeadLogits& v, const models::HeadLogits* t, ExitOutcomes& vOut, ExitOutcomes& tOut) {
        const double temperature = fitTemperature(v.values, v.classes, validation.labels);
        vOut = exitOutcomes(v.block, v.values, v.classes, validation.labels, temperature);
        if (t)
            tOut = exitOutcomes(t->block, t->values, t->classes, test.labels, temperature);
        else
            tOut = ExitOutcomes{v.block, temperature, {}, {}};
    };
    result.first.exits.resize(blocks.size());
    result.second.exits.resize(blocks.size());
    for (std::size_t k = 0; k < blocks.size(); ++k)
        fill(validation.exits[k], m_testSet ? &test.exits[k] : nullptr, result.first.exits[k], result.second.exits[k]);
    fill(validation.final, m_testSet ? &test.final : nullptr, result.first.final, result.second.final);

    json meta{{"recipe", tableRecipe}, {"validation_samples", validation.labels.size()},
              {"test_samples", test.labels.size()}};
    tableCache.store(tables, [&](const std::string& path) { writeTables(path, result); }, meta.dump(2));
    return result;
}

models::TrainedModel HadasSupernet::dynamicModel(const AttentiveBackbone& backbone,
                                                const std::vector<int>& trainedBlocks, int headWidth,
                                                const core::Architecture& architecture, const Progress& progress,
                                                const Cancel& cancel) {
    const int width = headWidth > 0 ? headWidth : m_settings.headWidth;
    std::vector<int> blocks = trainedBlocks;
    std::sort(blocks.begin(), blocks.end());
    recalibrate(backbone, cancel);
    const std::unique_ptr<models::ExitHeads> heads = obtainHeads(backbone, blocks, width, progress, cancel);
    models::TrainedModel model = m_model->extract(backbone, architecture);
    heads->loadInto(model, space().blockOutputNodes(backbone));
    model.setInputConvention(models::InputConvention::of(*m_trainSet));
    return model;
}

FidelityReport HadasSupernet::fidelity(const Progress& progress, const Cancel& cancel) {
    const spaces::AttentiveSpace& sp = space();
    const HadasSupernetSettings& s = m_settings;
    models::TrainConfig train;
    train.epochs = s.fidelityEpochs;
    train.batchSize = s.fidelityBatchSize;
    train.learningRate = s.fidelityLearningRate;
    train.trainSubset = static_cast<std::size_t>(s.trainSubset);
    train.validationSubset = static_cast<std::size_t>(s.validationSubset);
    train.validationFraction = s.validationFraction;
    train.seed = s.splitSeed;  // the same split and training subset as the supernet's
    const json recipeJson{{"supernet", m_key},
                          {"subnets", s.fidelitySubnets},
                          {"fidelity_seed", s.fidelitySeed},
                          {"standalone", {train.optimizer, train.learningRate, train.momentum, train.weightDecay,
                                          train.epochs, train.batchSize, train.trainSubset, train.validationSubset,
                                          train.validationFraction, train.seed}},
                          {"calibration", {s.calibrationBatches, s.calibrationBatchSize}},
                          {"code_version", kCodeVersion}};
    core::ArtefactRecipe recipe;
    recipe.kind = kFidelityKind;
    recipe.label = sp.layout().name + "-" + m_trainSet->name + "-k" + std::to_string(s.fidelitySubnets);
    recipe.settingsJson = recipeJson.dump();
    recipe.extension = ".tsv";
    core::ArtefactCache cache(cacheFolderFor(kFidelityKind));

    FidelityReport report;
    if (const auto entry = cache.find(recipe)) {
        std::ifstream in(entry->payloadPath);
        std::string line;
        bool ok = static_cast<bool>(std::getline(in, line));  // header
        while (ok && std::getline(in, line)) {
            std::istringstream row(line);
            FidelitySubnet subnet;
            std::string genome;
            if (!(row >> subnet.macs >> subnet.inheritedAccuracy >> subnet.standaloneAccuracy >> genome)) {
                ok = false;
                break;
            }
            try {
                subnet.backbone = sp.backboneOf(spaces::genomeFromIntList(genome));
            } catch (const core::InputError&) {
                ok = false;
                break;
            }
            report.subnets.push_back(subnet);
        }
        if (ok && report.subnets.size() == static_cast<std::size_t>(s.fidelitySubnets)) {
            summarise(report);
            report.fromCache = true;
            return report;
        }
        report = FidelityReport{};
    }

    // Candidates: both ends of the space and 200 random backbones; pick evenly over their MACs rank.
    std::vector<std::pair<double, AttentiveBackbone>> pool;
    auto add = [&](const AttentiveBackbone& b) {
        pool.emplace_back(double(cost::analyseCost(sp.build(b)).macs), b);
    };
    add(sp.smallest());
    add(sp.largest());
    spaces::Rng rng(s.fidelitySeed);
    for (int i = 0; i < 200; ++i)
        add(sp.backboneOf(sp.sample(rng)));
    std::stable_sort(pool.begin(), pool.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    const auto n = static_cast<std::size_t>(s.fidelitySubnets);
    std::vector<std::string> chosen;
    for (std::size_t i = 0; i < n; ++i) {
        std::size_t at = n == 1 ? 0 : static_cast<std::size_t>(std::llround(double(i) * double(pool.size() - 1) / double(n - 1)));
        // Skip a backbone already chosen (the same genome drawn twice).
        while (at + 1 < pool.size() &&
               std::find(chosen.begin(), chosen.end(), genomeText(sp, pool[at].second)) != chosen.end())
            ++at;
        chosen.push_back(genomeText(sp, pool[at].second));
        FidelitySubnet subnet;
        subnet.backbone = pool[at].second;
        subnet.macs = pool[at].first;
        report.subnets.push_back(subnet);
    }

    for (std::size_t i = 0; i < report.subnets.size(); ++i) {
        FidelitySubnet& subnet = report.subnets[i];
        if (progress)
            progress(HadasSupernetProgress{"fidelity", 0, s.fidelityEpochs, i, report.subnets.size(), 0.0});
        subnet.inheritedAccuracy = validationAccuracy(subnet.backbone, cancel);
        models::Trainer trainer(train);
        if (cancel)
            trainer.setCancelPredicate(cancel);
        subnet.standaloneAccuracy = trainer.train(sp.build(subnet.backbone), *m_trainSet).validationAccuracy;
    }
    summarise(report);

    json meta{{"recipe", recipeJson},
              {"kendall_tau", report.kendallTau},
              {"tau_interval", {report.tauLow, report.tauHigh}},
              {"inherited_sd", report.inheritedSd},
              {"standalone_sd", report.standaloneSd}};
    cache.store(
        recipe,
        [&](const std::string& path) {
            std::ofstream out(path);
            out.precision(17);
            out << "macs\tinherited_accuracy\tstandalone_accuracy\tgenome\n";
            for (const auto& subnet : report.subnets)
                out << subnet.macs << '\t' << subnet.inheritedAccuracy << '\t' << subnet.standaloneAccuracy << '\t'
                    << genomeText(sp, subnet.backbone) << '\n';
        },
        meta.dump(2));
    return report;
}

} // namespace edgenas::search
