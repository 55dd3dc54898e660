#pragma once

#include "search/hadas/hadas_records.h"

#include <QImage>
#include <QWidget>

#include <optional>

class QHBoxLayout;
class QLabel;
class QTabWidget;
class QVBoxLayout;

namespace edgenas::widgets {

class DvfsView;
class DynamicComparisonView;
class EarlyExitStrip;
class ExitHistogram;

/// The early-exit and DVFS view of one HADAS dynamic model: the early-exit strip across the top,
/// below it where samples leave, the DVFS point with its energy-vs-frequency curve, and static
/// vs EEx vs EEx+DVFS side by side. Given a backbone alone it draws the strip with the trained
/// heads and says that no dynamic model is chosen.
class DynamicModelView : public QWidget {
    Q_OBJECT
public:
    explicit DynamicModelView(QWidget* parent = nullptr);
    ~DynamicModelView() override;

    /// `caption` names the model (shown above the strip).
    void setModel(const search::HadasBackboneRecord& backbone,
                  const std::optional<search::HadasDynamicRecord>& dynamic, const QString& caption = {});
    void clearView(const QString& message = {});

    EarlyExitStrip* strip() const { return m_strip; }
    ExitHistogram* histogram() const { return m_histogram; }
    DvfsView* dvfs() const { return m_dvfs; }
    DynamicComparisonView* comparison() const { return m_comparison; }
    QString captionText() const;

    /// The whole view laid out at `size` and rendered (reports); works while hidden.
    QImage renderImage(QSize size);

    /// Below this height the four parts go into tabs (a short dock), each at full size.
    static constexpr int kCompactBelowHeight = 560;
    bool isCompact() const { return m_compact; }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void setCompact(bool compact);

    QVBoxLayout* m_parts = nullptr;
    QHBoxLayout* m_lower = nullptr;
    QTabWidget* m_tabs = nullptr;
    bool m_compact = false;
    QLabel* m_caption = nullptr;
    EarlyExitStrip* m_strip = nullptr;
    ExitHistogram* m_histogram = nullptr;
    DvfsView* m_dvfs = nullptr;
    DynamicComparisonView* m_comparison = nullptr;
};

} // namespace edgenas::widgets
