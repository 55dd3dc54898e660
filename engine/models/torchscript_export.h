#pragma once

#include "trained_model.h"

#include <string>

namespace edgenas::models {

// TorchScript export without LibTorch in the header: callers hand over the torch-free TrainedModel.
//
// The exported module mirrors the GraphNetwork: the same submodule tree ("n12_mbconv.project_bn"),
// so its state_dict keys equal GraphNetwork::named_parameters()/named_buffers(), and a forward
// written as TorchScript source from the architecture that computes what GraphNetwork computes in
// eval mode (batch norm with the running statistics). Its input x is images with pixels scaled to
// [0, 1] (pixel / 255), shape [B, C, H, W]; the module normalises them itself with the mean and std
// the model was trained with (TrainedModel::inputConvention; mean 0 and std 1 if it has none), so
// torch.jit.load(path)(images / 255) gives the accuracy the workbench showed. It carries:
//   normalise(x) -> Tensor          (x - input_mean) / input_std, after checking the shape
//   forward(x) -> Tensor            main logits [B, classes] of normalise(x)
//   forward_all(x) -> List[Tensor]  main logits followed by every early exit's logits, in node order
//   input_mean, input_std: List[float]  per channel; input_shape: List[int] [C, H, W]
//   class_names: List[str]          in logit order; empty when the model saw no data set
// and the architecture JSON as the extra file "architecture.json", whose metadata also records
// the normalisation and class names (see recordInputConvention). It loads with torch::jit::load
// and with Python's torch.jit.load (torch 1.13).

/// Writes the model as a TorchScript archive to `path`. Throws core::InputError naming the path
/// when the file cannot be written, or naming the problem when the model's input convention does
/// not fit its architecture.
void exportTorchScript(const TrainedModel& model, const std::string& path);

/// The TorchScript source of forward/forward_all that exportTorchScript compiles; shown to users
/// who want to see what the archive runs, and handy when a compile error needs explaining.
std::string torchScriptSource(const TrainedModel& model);

} // namespace edgenas::models
