#include "torchscript_export.h"

#include "core/architecture_json.h"
#include "core/errors.h"
#include "graph_network.h"
#include "node_script.h"
#include "operator_lowering.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <algorithm>
#include <charconv>
#include <iomanip>
#include <sstream>
#include <string>
#include <vector>

namespace edgenas::models {

using core::Node;

namespace {

// A generated variable name: "v12" holds node 12's output.
std::string var(const char* prefix, int id) {
    std::string name(prefix);
    name += std::to_string(id);
    return name;
}

// A LibTorch module tree copied into TorchScript modules with the same attribute names, so the
// archive's state_dict keys are the GraphNetwork's.
torch::jit::Module mirrorModule(const torch::nn::Module& module, const std::string& typeName,
                                const std::shared_ptr<torch::jit::CompilationUnit>& unit) {
    torch::jit::Module out(c10::QualifiedName("__torch__.edgenas." + typeName), unit, /*shouldMangle=*/true);
    // Python's nn.Module.train()/eval() set this attribute on every submodule.
    out.register_attribute("training", c10::BoolType::get(), false);
    for (const auto& p : module.named_parameters(/*recurse=*/false))
        out.register_parameter(p.key(), p.value().detach().clone().requires_grad_(true), /*is_buffer=*/false);
    for (const auto& b : module.named_buffers(/*recurse=*/false))
        out.register_buffer(b.key(), b.value().detach().clone());
    for (const auto& child : module.named_children())
        out.register_module(child.key(), mirrorModule(*child.value(), typeName + "_" + child.key(), unit));
    return out;
}

// Writes the TorchScript statements of one network, node by node, reading the hyper-parameters
// from the LibTorch modules themselves so the two cannot disagree.
class SourceWriter {
public:
    explicit SourceWriter(const GraphNetworkImpl& network) : m_net(network), m_arch(network.architecture()) {}

    std::string source() {
        const std::size_t n = m_arch.nodes.size();
        std::vector<char> main(n, 0);
        main[n - 1] = 1;
        std::vector<char> all = main;
        for (int id : m_net.earlyExitIds())
            all[static_cast<std::size_t>(id)] = 1;

        const core::TensorShape& in = m_arch.input;
        std::ostringstream out;
        // The network was trained on (pixel / 255 - mean) / std; taking pixel / 255 and doing the
        // rest here means a user's raw images give the accuracy the workbench showed.
        // assert, not raise: the C++ TorchScript compiler knows no Python builtins such as Exception.
        out << "def normalise(self, x: Tensor) -> Tensor:\n"
            << "    assert x.dim() == 4 and x.size(1) == " << in.channels << " and x.size(2) == " << in.height
            << " and x.size(3) == " << in.width << ", \"expected an input of shape [B, " << in.channels << ", "
            << in.height << ", " << in.width << "]\"\n"
            << "    mean = torch.tensor(self.input_mean, dtype=x.dtype, device=x.device).view([1, " << in.channels
            << ", 1, 1])\n"
            << "    std = torch.tensor(self.input_std, dtype=x.dtype, device=x.device).view([1, " << in.channels
            << ", 1, 1])\n"
            << "    return (x - mean) / std\n\n";
        out << "def forward(self, x: Tensor) -> Tensor:\n";
        writeBody(out, ancestors(std::move(main)));
        out << "    return v" << n - 1 << ".flatten(1)\n\n";

        out << "def forward_all(self, x: Tensor) -> List[Tensor]:\n";
        writeBody(out, ancestors(std::move(all)));
        out << "    return [v" << n - 1 << ".flatten(1)";
        for (int id : m_net.earlyExitIds())
            out << ", v" << id << ".flatten(1)";
        out << "]\n";
        return out.str();
    }

private:
    std::vector<char> ancestors(std::vector<char> marked) const {
        for (std::size_t i = marked.size(); i-- > 0;)
            if (marked[i])
                for (int input : m_arch.nodes[i].inputs)
                    marked[static_cast<std::size_t>(input)] = 1;
        return marked;
    }

    void writeBody(std::ostringstream& out, const std::vector<char>& wanted) {
        out << "    v0 = self.normalise(x)\n";
        for (std::size_t i = 1; i < m_arch.nodes.size(); ++i)
            if (wanted[i])
                writeNode(out, m_arch.nodes[i]);
    }

    void writeNode(std::ostringstream& out, const Node& node) {
        std::string x = var("v", node.inputs.front());
        if (node.inputs.size() > 1) {
            // Left to right, as GraphNetwork adds them, so rounding matches too.
            std::string merged;
            for (std::size_t k = 0; k < node.inputs.size(); ++k) {
                const std::string part = var("v", node.inputs[k]);
                if (node.merge == core::MergeMode::Sum)
                    merged += k == 0 ? "" : " + ";
                else
                    merged += k == 0 ? "torch.cat([" : ", ";
                merged += part;
            }
            if (node.merge == core::MergeMode::Concat)
                merged += "], 1)";
            out << "    m" << node.id << " = " << merged << "\n";
            x = var("m", node.id);
        }
        const auto module = m_net.nodeModule(node.id);
        NodeScript script(out, node, module.get(), "self." + GraphNetworkImpl::submoduleName(node), x,
                          m_net.shapes()[static_cast<std::size_t>(node.id)]);
        operatorLowering(node.op).writeScript(script);
    }

    const GraphNetworkImpl& m_net;
    const core::Architecture& m_arch;
};

} // namespace

std::string torchScriptSource(const TrainedModel& model) { return SourceWriter(*model.network()).source(); }

namespace {

// The model's convention, or the identity (mean 0, std 1) for a model that saw no data set.
InputConvention exportedInputConvention(const TrainedModel& model) {
    const core::Architecture& architecture = model.architecture();
    InputConvention convention = model.inputConvention();
    if (convention.empty()) {
        const auto channels = static_cast<std::size_t>(architecture.input.channels);
        convention.mean.assign(channels, 0.0f);
        convention.stddev.assign(channels, 1.0f);
    }
    checkInputConvention(convention, architecture);
    return convention;
}

// The double that prints as the float's shortest text (0.286f -> 0.286, not 0.28600001335144043),
// so Python shows the published figure; it rounds back to the same float.
std::vector<double> asDoubles(const std::vector<float>& values) {
    std::vector<double> out;
    for (float value : values) {
        char buffer[32];
        const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
        double parsed = value;
        std::from_chars(buffer, end, parsed);
        out.push_back(parsed);
    }
    return out;
}

} // namespace

void exportTorchScript(const TrainedModel& model, const std::string& path) {
    const GraphNetworkImpl& network = *model.network();
    const InputConvention convention = exportedInputConvention(model);
    const auto unit = std::make_shared<torch::jit::CompilationUnit>();
    torch::jit::Module module = mirrorModule(network, "EdgeNASNetwork", unit);
    // Attributes, not buffers: the state_dict stays the GraphNetwork's, and Python reads them as
    // plain lists (module.input_mean).
    const core::TensorShape& in = network.architecture().input;
    module.register_attribute("input_mean", c10::ListType::ofFloats(),
                              c10::List<double>(asDoubles(convention.mean)));
    module.register_attribute("input_std", c10::ListType::ofFloats(),
                              c10::List<double>(asDoubles(convention.stddev)));
    module.register_attribute("input_shape", c10::ListType::ofInts(),
                              c10::List<std::int64_t>({in.channels, in.height, in.width}));
    module.register_attribute("class_names", c10::ListType::ofStrings(), c10::List<std::string>(convention.classNames));
    module.define(SourceWriter(network).source());
    module.eval();
    core::Architecture described = network.architecture();
    if (!model.inputConvention().empty())
        recordInputConvention(convention, described);
    const torch::jit::ExtraFilesMap extra{{"architecture.json", core::toJson(described)}};
    try {
        module.save(path, extra);
    } catch (const c10::Error& e) {
        throw core::InputError("cannot write TorchScript to " + path + ": " + e.what_without_backtrace());
    }
}

} // namespace edgenas::models
