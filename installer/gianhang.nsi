; Gian Hàng Desktop: per-user Windows installer (NSIS 3, Unicode, Vietnamese and English).
;
;   makensis /DVERSION=0.1.0 /DBUNDLE_DIR=dist\GianHang /DOUTFILE=dist\GianHang-0.1.0-setup.exe installer\gianhang.nsi
;
; Installs without administrator rights into %LOCALAPPDATA%\Programs\GianHang. The user's data
; (database, photos, backups, logs) lives in %LOCALAPPDATA%\GianHang, outside the install folder:
; upgrades never touch it, and the uninstaller keeps it unless the user ticks "Xoá cả dữ liệu".

Unicode true
; /DCOMPRESSOR=zlib builds much faster (the Linux release check); releases use solid LZMA.
!ifdef COMPRESSOR
  SetCompressor /SOLID ${COMPRESSOR}
!else
  SetCompressor /SOLID lzma
  SetCompressorDictSize 64  ; the two exes embed the same module archive: stored once
!endif
ManifestDPIAware true
RequestExecutionLevel user

!ifndef VERSION
  !error "Pass the version: makensis /DVERSION=x.y.z (from gianhang_desktop.__version__)"
!endif
!ifndef BUNDLE_DIR
  !define BUNDLE_DIR "..\dist\GianHang"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\dist\GianHang-${VERSION}-setup.exe"
!endif

; "1.2.3rc1" -> 1.2.3.0 for the Windows version resource.
!searchparse /noerrors "${VERSION}" "" V_MAJOR "." V_MINOR "." V_PATCH
!ifndef V_MAJOR
  !define V_MAJOR 0
!endif
!ifndef V_MINOR
  !define V_MINOR 0
!endif
!ifndef V_PATCH
  !define V_PATCH 0
!endif
!searchparse /noerrors "${V_PATCH}" "" V_PATCH_NUM "rc"
!ifndef V_PATCH_NUM
  !define V_PATCH_NUM ${V_PATCH}
!endif

!define APP_NAME "Gian Hàng Desktop"
!define APP_EXE "GianHang.exe"
!define APP_ID "GianHang"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define DATA_DIR "$LOCALAPPDATA\GianHang"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\GianHang"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${V_MAJOR}.${V_MINOR}.${V_PATCH_NUM}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP_NAME} Setup"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT License"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "nsDialogs.nsh"
!include "LogicLib.nsh"

!define MUI_ICON "..\resources\icons\gianhang.ico"
!define MUI_UNICON "..\resources\icons\gianhang.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
UninstPage custom un.DataPageShow un.DataPageLeave
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default; the installer follows the Windows display language.
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"

LangString DataTitle ${LANG_VIETNAMESE} "Dữ liệu của bạn"
LangString DataTitle ${LANG_ENGLISH} "Your data"
LangString DataText ${LANG_VIETNAMESE} "Dữ liệu (cơ sở dữ liệu, ảnh, bản sao lưu, nhật ký) nằm trong $\r$\n${DATA_DIR}$\r$\nvà được giữ lại, để bạn cài lại ứng dụng mà không mất gì."
LangString DataText ${LANG_ENGLISH} "Your data (database, photos, backups, logs) is in$\r$\n${DATA_DIR}$\r$\nand is kept, so you can reinstall the app without losing anything."
LangString DataCheck ${LANG_VIETNAMESE} "Xoá cả dữ liệu"
LangString DataCheck ${LANG_ENGLISH} "Also delete my data"
LangString DataConfirm ${LANG_VIETNAMESE} "Xoá vĩnh viễn toàn bộ dữ liệu, ảnh và bản sao lưu trong ${DATA_DIR}?"
LangString DataConfirm ${LANG_ENGLISH} "Permanently delete all data, photos and backups in ${DATA_DIR}?"
LangString AppRunning ${LANG_VIETNAMESE} "Hãy đóng ${APP_NAME} trước khi tiếp tục."
LangString AppRunning ${LANG_ENGLISH} "Please close ${APP_NAME} before continuing."

Var DeleteData
Var DataCheckbox

Section "Gian Hàng Desktop" SecMain
  SectionIn RO
  SetShellVarContext current
  ; An upgrade replaces the program files wholesale (no stale modules from the old version);
  ; the data folder is elsewhere and untouched.
  ClearErrors
  Delete "$INSTDIR\${APP_EXE}"
  ${If} ${Errors}
  ${AndIf} ${FileExists} "$INSTDIR\${APP_EXE}"
    MessageBox MB_ICONEXCLAMATION|MB_OK "$(AppRunning)"
    Abort
  ${EndIf}
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE_DIR}\*.*"
  WriteUninstaller "$INSTDIR\Uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APP_NAME}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\Gỡ cài đặt ${APP_NAME}.lnk" "$INSTDIR\Uninstall.exe"
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${APP_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" "$0"
SectionEnd

Function un.onInit
  StrCpy $DeleteData ${BST_UNCHECKED}
FunctionEnd

Function un.DataPageShow
  !insertmacro MUI_HEADER_TEXT "$(DataTitle)" ""
  nsDialogs::Create 1018
  Pop $0
  ${If} $0 == error
    Abort
  ${EndIf}
  ${NSD_CreateLabel} 0 0 100% 48u "$(DataText)"
  Pop $0
  ${NSD_CreateCheckbox} 0 60u 100% 12u "$(DataCheck)"
  Pop $DataCheckbox
  ${NSD_SetState} $DataCheckbox $DeleteData
  nsDialogs::Show
FunctionEnd

Function un.DataPageLeave
  ${NSD_GetState} $DataCheckbox $DeleteData
  ${If} $DeleteData == ${BST_CHECKED}
    MessageBox MB_ICONEXCLAMATION|MB_YESNO|MB_DEFBUTTON2 "$(DataConfirm)" IDYES +2
    StrCpy $DeleteData ${BST_UNCHECKED}
  ${EndIf}
FunctionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$DESKTOP\${APP_NAME}.lnk"
  RMDir /r "$SMPROGRAMS\${APP_NAME}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\gianhang.exe"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINST_KEY}"
  ${If} $DeleteData == ${BST_CHECKED}
    RMDir /r "${DATA_DIR}"
  ${EndIf}
SectionEnd
