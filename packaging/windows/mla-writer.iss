; Inno Setup script of the mla-writer installer for Windows 10 and 11.
; A per-user installation: no administrator rights, installed under
; %LOCALAPPDATA%\Programs\mla-writer, a Start-menu entry with the icon, an uninstaller in
; Settings > Apps. Build (on Windows, after `bash packaging/build-bundle.sh` in Git Bash or
; `pyinstaller packaging\mla-writer.spec --distpath dist`):
;   iscc /DAppVersion=0.1.0 packaging\windows\mla-writer.iss
; The installer is written to dist\mla-writer-setup-<version>.exe.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6C7F3A52-7E0B-4C1D-9B8E-3F1B6A0D2C41}
AppName=mla-writer
AppVersion={#AppVersion}
AppPublisher=mla-writer developers
DefaultDirName={localappdata}\Programs\mla-writer
DefaultGroupName=mla-writer
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=mla-writer-setup-{#AppVersion}
SetupIconFile=..\icons\mla-writer.ico
UninstallDisplayIcon={app}\mla-writer.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
LicenseFile=..\..\LICENSE

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\mla-writer\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\mla-writer"; Filename: "{app}\mla-writer.exe"; IconFilename: "{app}\mla-writer.exe"; Comment: "Draft, check, sign and verify mutual legal assistance requests"
Name: "{userdesktop}\mla-writer"; Filename: "{app}\mla-writer.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\mla-writer.exe"; Description: "{cm:LaunchProgram,mla-writer}"; Flags: nowait postinstall skipifsilent
