#pragma once

#include "panel_registry.h"

#include "search/gram/gram_records.h"

#include <QHash>
#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <optional>
#include <vector>

class QLabel;
class QSlider;
class QSplitter;
class QTableWidget;
class QToolButton;

namespace edgenas::widgets {
class EntropyPlot;
class MetaGraphView;
} // namespace edgenas::widgets

namespace edgenas::app {

/// The dock id (and saved-layout name) of the GRAM panel, and the method whose runs it follows.
inline constexpr const char* kGramPanelId = "gram";
inline constexpr const char* kGramMethodName = "gram";

/// What a GRAM run leaves beyond its candidates: the meta-graph after every sweep, drawn as a
/// DAG with a slider and a player over the sweeps, the edge and operator entropy over the
/// sweeps, the structure-level pruning sequence and the pruned model family. Selecting a
/// pruning step or family member selects that network in the window's views.
class GramPanel : public QWidget, public RunPanel {
    Q_OBJECT
public:
    explicit GramPanel(QWidget* parent = nullptr);
    ~GramPanel() override;

    /// Room for the graph and its player beside a table: the dock starts at this size.
    QSize sizeHint() const override { return QSize(960, 280); }

    void runCleared(const search::RunConfig& config) override;
    void candidatesAdded(const std::vector<core::Candidate>& candidates) override;
    void runRecordsAdded(const std::vector<store::MethodStateRecord>& records) override;

    // What it shows (tests, screenshots).
    int sweepCount() const { return int(m_sweeps.size()); }
    /// Index (into the received sweeps, in sweep order) of the meta-graph drawn; -1 for none.
    int shownIndex() const { return m_shown; }
    const std::vector<search::GramSweepRecord>& sweeps() const { return m_sweeps; }
    const std::optional<search::GramPruningRecord>& pruning() const { return m_pruning; }
    bool isPlaying() const { return m_player.isActive(); }
    /// Why the last unreadable record was dropped; empty when all could be read.
    QString problemText() const { return m_problem; }
    widgets::MetaGraphView* metaGraphView() const { return m_view; }
    widgets::EntropyPlot* entropyPlot() const { return m_entropy; }
    QSlider* sweepSlider() const { return m_slider; }
    QToolButton* playButton() const { return m_play; }
    QTableWidget* pruningTable() const { return m_pruningTable; }
    QTableWidget* familyTable() const { return m_familyTable; }

public slots:
    void showIndex(int index);
    /// Steps through the sweeps from the shown one (from the first when at the end).
    void play();
    void pause();

protected:
    void resizeEvent(QResizeEvent* event) override;

signals:
    /// The user chose these networks (by candidate identity) in the pruning or family table.
    void selectionRequested(const QStringList& identities);

private:
    void addSweep(search::GramSweepRecord record);
    void advance();
    void fillPruningTable();
    void fillFamilyTable();
    void tableSelectionChanged(QTableWidget* table);
    void updatePlayButton();
    void setProblem(const QString& text);
    /// Accuracy known for a network: from the family, the run's candidates, or the proxy.
    QString accuracyText(const std::string& identity, double proxyReward, QString* source) const;

    widgets::MetaGraphView* m_view = nullptr;
    widgets::EntropyPlot* m_entropy = nullptr;
    QSlider* m_slider = nullptr;
    QToolButton* m_play = nullptr;
    QLabel* m_sweepLabel = nullptr;
    QLabel* m_problemLabel = nullptr;
    QLabel* m_pruningNote = nullptr;
    QTableWidget* m_pruningTable = nullptr;
    QTableWidget* m_familyTable = nullptr;
    QSplitter* m_splitter = nullptr;
    bool m_splitSet = false;
    QTimer m_player;

    std::vector<search::GramSweepRecord> m_sweeps;  ///< in sweep order
    std::optional<search::GramPruningRecord> m_pruning;
    struct KnownCandidate {
        double accuracy = -1.0;      ///< validation, as searched
        double testAccuracy = -1.0;
    };
    QHash<QString, KnownCandidate> m_candidates;  ///< by identity
    int m_shown = -1;
    bool m_filling = false;  ///< tables are being refilled: their selection is not the user's
    QString m_problem;
};

/// Adds the GRAM panel to PanelRegistry (called from registered_panels.cpp).
void registerGramPanel();

} // namespace edgenas::app
