#pragma once

#include "hadas_inner_outcome.h"
#include "panel_registry.h"

#include "search/hadas/hadas_records.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

class QLabel;
class QSplitter;
class QTabWidget;
class QTableWidget;

namespace edgenas::widgets {
class DynamicModelView;
class InnerFrontPlot;
} // namespace edgenas::widgets

namespace edgenas::app {

class HadasBackboneTable;
class HadasModelTable;

/// The dock id (and saved-layout name) of the HADAS panel, and the method whose runs it follows.
inline constexpr const char* kHadasPanelId = "hadas";
inline constexpr const char* kHadasMethodName = "hadas";

/// The early-exit and DVFS view of a HADAS run. The outer level as a table of backbones (those
/// searched at the inner level first); choosing one shows its inner front (error against
/// energy of its dynamic models, the front highlighted) and a table of them; choosing a dynamic
/// model, in the front, its table or anywhere in the window, shows it in the dynamic-model view
/// (early-exit strip, where samples leave, DVFS point and curve, static vs EEx vs EEx+DVFS).
/// Choosing a backbone or a dynamic model here selects it in the window.
class HadasPanel : public QWidget, public RunPanel {
    Q_OBJECT
public:
    explicit HadasPanel(QWidget* parent = nullptr);
    ~HadasPanel() override;

    QSize sizeHint() const override { return QSize(1200, 420); }

    void runCleared(const search::RunConfig& config) override;
    void candidatesAdded(const std::vector<core::Candidate>& candidates) override;
    void selectionChanged(const std::vector<core::Candidate>& selected) override;
    /// "hadas.inner/1": which backbones were searched at the inner level, their trained heads
    /// and their inner front's knee.
    void runRecordsAdded(const std::vector<store::MethodStateRecord>& records) override;

    /// Shows a backbone's inner front (by store id); false when it is not a known backbone.
    bool showBackbone(std::int64_t backboneId);
    /// Shows a dynamic model (by store id) with its backbone's inner front; false when unknown.
    bool showDynamicModel(std::int64_t candidateId);

    // What it shows (tests, screenshots, reports).
    QTableWidget* backboneTable() const;
    QTableWidget* innerTable() const;
    widgets::InnerFrontPlot* innerFrontPlot() const { return m_front; }
    widgets::DynamicModelView* modelView() const { return m_view; }
    std::int64_t shownBackboneId() const { return m_shownBackbone; }
    std::int64_t shownDynamicModelId() const { return m_shownInner; }
    int backboneCount() const { return int(m_backbones.size()); }
    bool isCompact() const { return m_compact; }
    int dynamicModelCount() const { return int(m_inner.size()); }
    /// The line naming the run's cost source and exit rule.
    QString sourceText() const;
    /// Why the last unreadable record was left out; empty when all could be read.
    QString problemText() const { return m_problem; }

signals:
    /// The user chose this candidate (by identity) in the panel.
    void selectionRequested(const QStringList& identities);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Backbone {
        core::Candidate candidate;
        search::HadasBackboneRecord record;
    };
    struct Inner {
        core::Candidate candidate;
        search::HadasDynamicRecord record;
    };

    void fillBackboneTable();
    void fillInnerFront(std::int64_t backboneId);
    void showModel();
    void updateSourceLine();
    void backboneRowChosen();
    void innerRowChosen();
    void choose(const QString& identity);
    void setProblem(const QString& text);
    /// In a short dock the backbone list, the inner front and the model list share tabs.
    void setCompact(bool compact);
    std::vector<const Inner*> innerOf(std::int64_t backboneId) const;
    /// The backbone's record with what its inner search found (heads, searched).
    search::HadasBackboneRecord effectiveRecord(const Backbone& backbone) const;
    bool hasDynamicModels(std::int64_t backboneId) const;

    QLabel* m_source = nullptr;
    QLabel* m_problemLabel = nullptr;
    std::unique_ptr<HadasBackboneTable> m_backboneTable;
    std::unique_ptr<HadasModelTable> m_modelTable;
    widgets::InnerFrontPlot* m_front = nullptr;
    widgets::DynamicModelView* m_view = nullptr;
    QSplitter* m_splitter = nullptr;
    QSplitter* m_lists = nullptr;
    QTabWidget* m_listTabs = nullptr;
    bool m_splitSet = false;
    bool m_compact = false;

    std::vector<Backbone> m_backbones;       ///< in arrival order
    std::vector<Inner> m_inner;              ///< in arrival order
    QHash<std::int64_t, int> m_backboneIndex;  ///< store id -> m_backbones index
    QHash<std::int64_t, int> m_innerIndex;     ///< store id -> m_inner index
    QHash<std::int64_t, HadasInnerOutcome> m_outcomes;  ///< by backbone store id
    std::string m_device;
    std::int64_t m_shownBackbone = -1;
    std::int64_t m_shownInner = -1;
    bool m_filling = false;  ///< tables are being refilled: their selection is not the user's
    QString m_problem;
};

/// Adds the HADAS panel to PanelRegistry (called from registered_panels.cpp).
void registerHadasPanel();

} // namespace edgenas::app
