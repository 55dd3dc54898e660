#include "parallel_coordinates_panel.h"

#include "run_bounds.h"

#include "widgets/parallel_coordinates_view.h"

#include <QVBoxLayout>

namespace edgenas::app {

ParallelCoordinatesPanel::ParallelCoordinatesPanel(QWidget* parent)
    : QWidget(parent), m_view(new widgets::ParallelCoordinatesView(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    connect(m_view, &widgets::ParallelCoordinatesView::selectionChanged, this,
            [this](const QList<qint64>& ids) { requestSelectionOfIds(ids); });
    connect(m_view, &widgets::ParallelCoordinatesView::candidateActivated, this,
            [this](qint64 id) { requestSelectionOfIds({id}); });
}

void ParallelCoordinatesPanel::runCleared(const search::RunConfig& config) {
    m_view->clear();
    runSettingsChanged(config);
}

void ParallelCoordinatesPanel::candidatesAdded(const std::vector<core::Candidate>& candidates) {
    m_view->addCandidates(candidates);
}

void ParallelCoordinatesPanel::selectionChanged(const std::vector<core::Candidate>& selected) {
    QList<qint64> ids;
    for (const core::Candidate& c : selected)
        ids << c.id;
    m_view->setSelectedIds(ids);
}

void ParallelCoordinatesPanel::frontChanged(const QList<qint64>& frontIds) { m_view->setFrontIds(frontIds); }

void ParallelCoordinatesPanel::runSettingsChanged(const search::RunConfig& config) {
    m_view->setMetrics(objectiveMetricsOf(config));
    m_view->setBounds(metricBoundsOf(config));
}

QSize ParallelCoordinatesPanel::sizeHint() const { return m_view->sizeHint(); }

void registerParallelCoordinatesPanel() {
    PanelSpec spec;
    spec.id = QStringLiteral("parallel");
    spec.title = [] { return ParallelCoordinatesPanel::tr("Objectives"); };
    spec.area = Qt::BottomDockWidgetArea;
    spec.create = [] { return new ParallelCoordinatesPanel; };
    spec.visibleByDefault = true;
    spec.runs = [](const search::RunConfig& config) { return config.objectives.size() >= 3; };
    PanelRegistry::add(std::move(spec));
}

} // namespace edgenas::app
