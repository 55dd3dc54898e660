#pragma once

#include "trained_model.h"

#include <string>

namespace edgenas::models {

// TorchScript export without LibTorch in the header: callers hand over the torch-free TrainedModel.
//
// The exported module mirrors the GraphNetwork: the same submodule tree ("n12_mbconv.project_bn"),
// so its state_dict keys equal GraphNetwork::named_parameters()/named_buffers(), and a forward
// written as TorchScript source from the architecture that computes what GraphNetwork computes in
// eval mode (batch norm with the running statistics). It carries:
//   forward(x) -> Tensor            main logits [B, classes]
//   forward_all(x) -> List[Tensor]  main logits followed by every early exit's logits, in node order
// and the architecture JSON as the extra file "architecture.json". It loads with torch::jit::load
// and with Python's torch.jit.load (torch 1.13).

/// Writes the model as a TorchScript archive to `path`. Throws core::InputError naming the path
/// when the file cannot be written.
void exportTorchScript(const TrainedModel& model, const std::string& path);

/// The TorchScript source of forward/forward_all that exportTorchScript compiles; shown to users
/// who want to see what the archive runs, and handy when a compile error needs explaining.
std::string torchScriptSource(const TrainedModel& model);

} // namespace edgenas::models
