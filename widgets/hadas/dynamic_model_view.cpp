#include "dynamic_model_view.h"

#include "hadas/dvfs_view.h"
#include "hadas/dynamic_comparison_view.h"
#include "hadas/early_exit_strip.h"
#include "hadas/exit_histogram.h"

#include <QHBoxLayout>

#include <algorithm>
#include <QLabel>
#include <QTabWidget>
#include <QVBoxLayout>

namespace edgenas::widgets {

DynamicModelView::DynamicModelView(QWidget* parent) : QWidget(parent) {
    m_caption = new QLabel;
    m_caption->setObjectName(QStringLiteral("dynamicModelCaption"));
    m_caption->setWordWrap(true);
    m_caption->setTextFormat(Qt::PlainText);
    m_strip = new EarlyExitStrip;
    m_strip->setObjectName(QStringLiteral("earlyExitStrip"));
    m_histogram = new ExitHistogram;
    m_histogram->setObjectName(QStringLiteral("exitHistogram"));
    m_dvfs = new DvfsView;
    m_dvfs->setObjectName(QStringLiteral("dvfsView"));
    m_comparison = new DynamicComparisonView;
    m_comparison->setObjectName(QStringLiteral("dynamicComparison"));

    // Fixed shares rather than splitters: the parts keep their proportions in a report image too.
    auto* full = new QWidget;
    m_parts = new QVBoxLayout(full);
    m_parts->setContentsMargins(0, 0, 0, 0);
    m_parts->setSpacing(2);
    m_lower = new QHBoxLayout;
    m_lower->setContentsMargins(0, 0, 0, 0);
    m_lower->setSpacing(4);
    m_parts->addWidget(m_strip, 3);
    m_parts->addLayout(m_lower, 5);
    m_lower->addWidget(m_histogram, 2);
    m_lower->addWidget(m_dvfs, 4);
    m_lower->addWidget(m_comparison, 4);
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("dynamicModelTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_caption);
    layout->addWidget(full, 1);
    layout->addWidget(m_tabs, 1);
    clearView();
}

DynamicModelView::~DynamicModelView() = default;

void DynamicModelView::clearView(const QString& message) {
    m_caption->setText(message.isEmpty() ? tr("Choose a dynamic model in a backbone's inner front.") : message);
    m_strip->clearView();
    m_histogram->clearView();
    m_dvfs->clearView();
    m_comparison->clearView();
}

void DynamicModelView::setModel(const search::HadasBackboneRecord& backbone,
                                const std::optional<search::HadasDynamicRecord>& dynamic, const QString& caption) {
    m_caption->setText(caption);
    m_strip->setNetwork(backbone, dynamic);
    if (dynamic) {
        m_histogram->setModel(*dynamic);
        m_dvfs->setModel(*dynamic);
        m_comparison->setModel(*dynamic);
    } else {
        const QString none = tr("No dynamic model chosen: pick one in the backbone's inner front.");
        m_histogram->clearView(none);
        m_dvfs->clearView(none);
        m_comparison->clearView(none);
    }
}

QString DynamicModelView::captionText() const { return m_caption->text(); }

void DynamicModelView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    setCompact(height() < kCompactBelowHeight);
}

void DynamicModelView::setCompact(bool compact) {
    if (compact == m_compact)
        return;
    m_compact = compact;
    QWidget* full = m_parts->parentWidget();
    if (compact) {
        const int current = m_tabs->currentIndex();
        m_tabs->addTab(m_strip, tr("Early exits"));
        m_tabs->addTab(m_histogram, tr("Where samples leave"));
        m_tabs->addTab(m_dvfs, tr("DVFS"));
        m_tabs->addTab(m_comparison, tr("Static vs EEx vs EEx + DVFS"));
        m_tabs->setCurrentIndex(std::max(0, current));
        full->hide();
        m_tabs->show();
    } else {
        while (m_tabs->count() > 0)
            m_tabs->removeTab(0);
        m_parts->insertWidget(0, m_strip, 3);
        m_lower->addWidget(m_histogram, 2);
        m_lower->addWidget(m_dvfs, 4);
        m_lower->addWidget(m_comparison, 4);
        for (QWidget* w : {static_cast<QWidget*>(m_strip), static_cast<QWidget*>(m_histogram),
                           static_cast<QWidget*>(m_dvfs), static_cast<QWidget*>(m_comparison)})
            w->show();
        m_tabs->hide();
        full->show();
    }
}

QImage DynamicModelView::renderImage(QSize size) {
    const QSize before = this->size();
    resize(size);
    setCompact(size.height() < kCompactBelowHeight);
    if (QLayout* l = layout())
        l->activate();
    m_histogram->replotNow();
    m_dvfs->replotNow();
    m_comparison->replotNow();
    const QImage image = grab().toImage();
    resize(before);
    setCompact(before.height() < kCompactBelowHeight);
    return image;
}

} // namespace edgenas::widgets
