; Inno Setup 6 recipe for the Windows installer. packaging/build.py runs it after PyInstaller:
;   iscc /DAppVersion=0.1.0 /DAppDir=build\app\gigawatt-explorer /DOutputDir=dist gigawatt-explorer.iss
; The installer adds a Start menu entry and opens .gwx scenario files in Gigawatt Explorer.

#ifndef AppVersion
  #error Pass the version from pyproject.toml: /DAppVersion=...
#endif
#ifndef AppDir
  #error Pass the PyInstaller output folder: /DAppDir=...
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

#define AppName "Gigawatt Explorer"
; The windowed executable: the console one (gigawatt-explorer.exe) is for the command line.
#define AppExe "Gigawatt Explorer.exe"
#define ProgId "GigawattExplorer.Scenario"

[Setup]
AppId={{6B0E5D1C-3F2A-4C8E-9A47-2D5B8E1F0C93}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Gigawatt Explorer developers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Installs for the current user without admin rights unless the user picks all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
SetupIconFile=..\..\resources\icons\gigawatt-explorer.ico
UninstallDisplayIcon={app}\{#AppExe}
OutputDir={#OutputDir}
OutputBaseFilename=gigawatt-explorer-{#AppVersion}-windows-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#AppDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .gwx -> Gigawatt Explorer scenario, opened by the windowed executable.
Root: HKA; Subkey: "Software\Classes\.gwx"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-gigawatt-scenario"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.gwx\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Gigawatt Explorer scenario"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".gwx"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
