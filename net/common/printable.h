#pragma once

#include <QString>
#include <QStringView>

// Text from a peer (file names, reason phrases, validators), made safe to
// print on a terminal or in a log: control characters (C0, DEL, C1, and TAB,
// so that tab-separated output keeps its columns), bidirectional formatting
// characters and line separators are written as \xNN or \u{NNNN}, and a
// backslash as \\, so that an ESC sequence cannot repaint the terminal, a
// CR or LF cannot forge a line, and the escaping itself stays unambiguous.
namespace Printable {

QString escaped(QStringView text);

} // namespace Printable
