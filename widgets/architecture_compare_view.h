#pragma once

#include "core/candidate.h"

#include <QWidget>

#include <vector>

class QCheckBox;
class QLabel;
class QTableWidget;

namespace edgenas::widgets {

/// Two or more candidates side by side: their metrics (the best value of each row in bold) and
/// a per-layer diff, nodes aligned by position, with the rows that differ in operator, kernel,
/// stride, expansion, channels or output shape highlighted.
class ArchitectureCompareView : public QWidget {
    Q_OBJECT
public:
    explicit ArchitectureCompareView(QWidget* parent = nullptr);

    /// Candidates to compare (fewer than two shows a hint instead).
    void setCandidates(const std::vector<core::Candidate>& candidates);
    void clearView();

    /// Layers (node positions) where the candidates differ.
    int differingLayerCount() const { return m_differing; }
    /// Rows of the layer diff (the longest network's node count).
    int layerCount() const;
    QTableWidget* metricsTable() const { return m_metrics; }
    QTableWidget* layerTable() const { return m_layers; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    void applyRowVisibility();

    std::vector<core::Candidate> m_candidates;
    QLabel* m_summary = nullptr;
    QCheckBox* m_onlyDifferences = nullptr;
    QTableWidget* m_metrics = nullptr;
    QTableWidget* m_layers = nullptr;
    std::vector<bool> m_rowDiffers;
    int m_differing = 0;
};

} // namespace edgenas::widgets
