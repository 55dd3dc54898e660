#include "dynamic_model_view.h"

#include "hadas/dvfs_view.h"
#include "hadas/dynamic_comparison_view.h"
#include "hadas/early_exit_strip.h"
#include "hadas/exit_histogram.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
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

    auto* lower = new QSplitter(Qt::Horizontal);
    lower->addWidget(m_histogram);
    lower->addWidget(m_dvfs);
    lower->addWidget(m_comparison);
    lower->setStretchFactor(0, 2);
    lower->setStretchFactor(1, 3);
    lower->setStretchFactor(2, 3);
    lower->setChildrenCollapsible(false);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(m_strip);
    split->addWidget(lower);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_caption);
    layout->addWidget(split, 1);
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
    // The splitters place their children on their own resize; send the pending events.
    for (QSplitter* s : findChildren<QSplitter*>())
        if (QLayout* sl = s->layout())
            sl->activate();
    m_histogram->replotNow();
    m_dvfs->replotNow();
    m_comparison->replotNow();
    const QImage image = grab().toImage();
    resize(before);
    return image;
}

} // namespace edgenas::widgets
