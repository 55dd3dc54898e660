#include "dynamic_model_view.h"

#include "hadas/dvfs_view.h"
#include "hadas/dynamic_comparison_view.h"
#include "hadas/early_exit_strip.h"
#include "hadas/exit_histogram.h"

#include <QHBoxLayout>
#include <QLabel>
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
    auto* lower = new QHBoxLayout;
    lower->setContentsMargins(0, 0, 0, 0);
    lower->setSpacing(4);
    lower->addWidget(m_histogram, 2);
    lower->addWidget(m_dvfs, 4);
    lower->addWidget(m_comparison, 4);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_caption);
    layout->addWidget(m_strip, 3);
    layout->addLayout(lower, 5);
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

QImage DynamicModelView::renderImage(QSize size) {
    const QSize before = this->size();
    resize(size);
    if (QLayout* l = layout())
        l->activate();
    m_histogram->replotNow();
    m_dvfs->replotNow();
    m_comparison->replotNow();
    const QImage image = grab().toImage();
    resize(before);
    return image;
}

} // namespace edgenas::widgets
