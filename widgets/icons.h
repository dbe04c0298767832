#pragma once

#include <QIcon>

// The icons of the window: Ferry's own drawings (resources/icons) for what
// is Ferry's, the desktop's icon theme for common actions, with the
// style's built-in icons where no theme is installed.
namespace Icons {
QIcon app();
QIcon serve();
QIcon download();
QIcon copy();
QIcon qrCode();
QIcon folder();
QIcon start();
QIcon stop();
QIcon cancel();
QIcon retry();
QIcon open();
QIcon showInFolder();
QIcon clear();
} // namespace Icons
