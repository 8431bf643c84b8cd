; Inno Setup script: a per-user installer for the PyInstaller folder dist\board-app (built on
; Windows with `pyinstaller packaging\board-app.spec`). Needs no administrator rights: the program
; goes to %LOCALAPPDATA%\Programs\board-app, shortcuts to the user's Start menu and desktop.
; The user's databases, settings and backups (%LOCALAPPDATA%\board-app) are kept on uninstall.
; Build: iscc /DAppVersion=0.1.0 packaging\windows\board-app.iss  (see .github/workflows/windows.yml)

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "公开栏管理"
#define SourceDir "..\..\dist\board-app"

[Setup]
AppId={{6F1D3C52-3B7E-4C55-9B0E-2A9D51C0B0A1}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=board-app
DefaultDirName={localappdata}\Programs\board-app
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=board-app-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\board-app.ico
UninstallDisplayIcon={app}\board-app.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
DisableProgramGroupPage=yes
; The user guide's language: Inno Setup ships an unofficial Simplified Chinese translation.
ShowLanguageDialog=no

[Languages]
Name: "chs"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; GroupDescription: "附加快捷方式："

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\{#AppName}\{#AppName}"; Filename: "{app}\board-app.exe"; Comment: "录入公开事项，打印公开栏海报，导出归档 PDF"
Name: "{userprograms}\{#AppName}\{#AppName}（演示数据）"; Filename: "{app}\board-app.exe"; Parameters: "--demo"
Name: "{userprograms}\{#AppName}\卸载{#AppName}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\board-app.exe"; Tasks: desktopicon

[Registry]
; "Open with" entry for the interchange JSON (not the default program for every .json file).
Root: HKCU; Subkey: "Software\Classes\BoardApp.Items"; ValueType: string; ValueData: "公开事项交换文件"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\BoardApp.Items\DefaultIcon"; ValueType: string; ValueData: "{app}\board-app.exe,0"
Root: HKCU; Subkey: "Software\Classes\BoardApp.Items\shell\open\command"; ValueType: string; ValueData: """{app}\board-app.exe"" gui ""%1"""
Root: HKCU; Subkey: "Software\Classes\.json\OpenWithProgids"; ValueType: string; ValueName: "BoardApp.Items"; ValueData: ""; Flags: uninsdeletevalue

[Run]
Filename: "{app}\board-app.exe"; Description: "启动{#AppName}"; Flags: nowait postinstall skipifsilent
