#pragma once

// Private to widgets/: a palette colour made translucent, as the views draw faint and shaded parts.

#include <QColor>

namespace edgenas::widgets {

inline QColor withAlpha(QColor colour, int alpha) {
    colour.setAlpha(alpha);
    return colour;
}

} // namespace edgenas::widgets
