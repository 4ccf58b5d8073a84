# PSN Desktop collector for Windows, format 1.
# Run it on each PC (double-click "Run PSN collector.cmd" beside it). It needs no admin
# rights and changes nothing: it only reads the same settings PSN Desktop's own scan reads,
# and writes one file, COMPUTERNAME.psn-device.json, into the folder it is run from (or,
# if that folder cannot be written, onto the Desktop). Bring the files back and choose
# "Import devices" in PSN Desktop.
param([string]$OutputFolder = $PSScriptRoot)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$checks = [ordered]@{}
$problems = [ordered]@{}

# BEGIN CHECK operating-system
try {
  $json = & {
$os = Get-CimInstance -ClassName Win32_OperatingSystem
$cv = Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' -ErrorAction SilentlyContinue
$esu = $null
if ($os.ProductType -eq 1 -and [int]$os.BuildNumber -lt 22000 -and [int]$os.BuildNumber -ge 10240) {
  try {
    $lic = @(Get-CimInstance -ClassName SoftwareLicensingProduct -Filter "PartialProductKey IS NOT NULL AND Name LIKE '%ESU%'" -ErrorAction Stop)
    $esu = [bool]($lic | Where-Object { $_.LicenseStatus -eq 1 })
  } catch { $esu = $null }
}
$battery = $null
try { $battery = [bool](Get-CimInstance -ClassName Win32_Battery -ErrorAction Stop) } catch { }
[pscustomobject]@{
  ComputerName = $env:COMPUTERNAME
  Caption = $os.Caption
  Version = $os.Version
  BuildNumber = $os.BuildNumber
  OperatingSystemSKU = $os.OperatingSystemSKU
  ProductType = $os.ProductType
  OSLanguage = $os.OSLanguage
  MUILanguages = $os.MUILanguages
  InstallDate = $(if ($os.InstallDate) { $os.InstallDate.ToString('o') } else { $null })
  DisplayVersion = $cv.DisplayVersion
  ReleaseId = $cv.ReleaseId
  EditionID = $cv.EditionID
  ProductName = $cv.ProductName
  UBR = $cv.UBR
  EsuLicensed = $esu
  HasBattery = $battery
} | ConvertTo-Json -Depth 3 -Compress
  }
  $checks['operating-system'] = $json | ConvertFrom-Json
} catch { $problems['operating-system'] = $_.Exception.Message }
# END CHECK operating-system

# BEGIN CHECK last-update
try {
  $json = & {
$history = @(); $historyError = $null
try {
  $session = New-Object -ComObject Microsoft.Update.Session
  $searcher = $session.CreateUpdateSearcher()
  $count = $searcher.GetTotalHistoryCount()
  if ($count -gt 0) {
    $history = @($searcher.QueryHistory(0, [Math]::Min($count, 60)) | ForEach-Object {
      [pscustomobject]@{ Title = $_.Title; Date = $_.Date.ToString('o'); ResultCode = [int]$_.ResultCode; Operation = [int]$_.Operation }
    })
  }
} catch { $historyError = $_.Exception.Message }
$hotfixes = @(); $hotfixError = $null
try {
  $hotfixes = @(Get-CimInstance -ClassName Win32_QuickFixEngineering -ErrorAction Stop | ForEach-Object {
    [pscustomobject]@{ HotFixID = $_.HotFixID; Description = $_.Description; InstalledOn = [string]$_.InstalledOn }
  })
} catch { $hotfixError = $_.Exception.Message }
[pscustomobject]@{ History = $history; HistoryError = $historyError; HotFixes = $hotfixes; HotFixError = $hotfixError } | ConvertTo-Json -Depth 4 -Compress
  }
  $checks['last-update'] = $json | ConvertFrom-Json
} catch { $problems['last-update'] = $_.Exception.Message }
# END CHECK last-update

# BEGIN CHECK firewall
try {
  $json = & {
$profiles = @(); $profileError = $null; $netsh = $null
try {
  $profiles = @(Get-NetFirewallProfile -PolicyStore ActiveStore -ErrorAction Stop | ForEach-Object {
    [pscustomobject]@{ Name = [string]$_.Name; Enabled = [string]$_.Enabled; DefaultInboundAction = [string]$_.DefaultInboundAction }
  })
} catch {
  $profileError = $_.Exception.Message
  try { $netsh = (netsh advfirewall show allprofiles state) -join "`n" } catch { }
}
$products = @()
try {
  $products = @(Get-CimInstance -Namespace root/SecurityCenter2 -ClassName FirewallProduct -ErrorAction Stop | ForEach-Object {
    [pscustomobject]@{ displayName = $_.displayName; productState = $_.productState }
  })
} catch { }
[pscustomobject]@{ Profiles = $profiles; ProfileError = $profileError; Netsh = $netsh; Products = $products } | ConvertTo-Json -Depth 4 -Compress
  }
  $checks['firewall'] = $json | ConvertFrom-Json
} catch { $problems['firewall'] = $_.Exception.Message }
# END CHECK firewall

# BEGIN CHECK anti-malware
try {
  $json = & {
$av = @(); $avError = $null
try {
  $av = @(Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct -ErrorAction Stop | ForEach-Object {
    [pscustomobject]@{ displayName = $_.displayName; productState = $_.productState; timestamp = $_.timestamp }
  })
} catch { $avError = $_.Exception.Message }
$mp = $null; $mpError = $null
try {
  $s = Get-MpComputerStatus -ErrorAction Stop
  $mp = [pscustomobject]@{
    AMServiceEnabled = $s.AMServiceEnabled; AntivirusEnabled = $s.AntivirusEnabled
    RealTimeProtectionEnabled = $s.RealTimeProtectionEnabled; AMRunningMode = [string]$s.AMRunningMode
    AntivirusSignatureAge = $s.AntivirusSignatureAge
    AntivirusSignatureLastUpdated = $(if ($s.AntivirusSignatureLastUpdated) { $s.AntivirusSignatureLastUpdated.ToString('o') } else { $null })
  }
} catch { $mpError = $_.Exception.Message }
[pscustomobject]@{ Products = $av; ProductsError = $avError; Defender = $mp; DefenderError = $mpError } | ConvertTo-Json -Depth 4 -Compress
  }
  $checks['anti-malware'] = $json | ConvertFrom-Json
} catch { $problems['anti-malware'] = $_.Exception.Message }
# END CHECK anti-malware

# BEGIN CHECK disk-encryption
try {
  $json = & {
$drive = $env:SystemDrive
$shell = $null; $shellError = $null
try { $shell = (New-Object -ComObject Shell.Application).NameSpace($drive + '\').Self.ExtendedProperty('System.Volume.BitLockerProtection') } catch { $shellError = $_.Exception.Message }
$volume = $null; $volumeError = $null
try {
  $v = Get-BitLockerVolume -MountPoint $drive -ErrorAction Stop
  $volume = [pscustomobject]@{ ProtectionStatus = [string]$v.ProtectionStatus; VolumeStatus = [string]$v.VolumeStatus; EncryptionPercentage = $v.EncryptionPercentage; EncryptionMethod = [string]$v.EncryptionMethod }
} catch { $volumeError = $_.Exception.Message }
[pscustomobject]@{ SystemDrive = $drive; ShellProtection = $shell; ShellError = $shellError; BitLocker = $volume; BitLockerError = $volumeError } | ConvertTo-Json -Depth 3 -Compress
  }
  $checks['disk-encryption'] = $json | ConvertFrom-Json
} catch { $problems['disk-encryption'] = $_.Exception.Message }
# END CHECK disk-encryption

# BEGIN CHECK screen-lock
try {
  $json = & {
function Get-Val($path, $name) { try { (Get-ItemProperty -Path $path -Name $name -ErrorAction Stop).$name } catch { $null } }
$desk = 'HKCU:\Control Panel\Desktop'
$policy = 'HKCU:\Software\Policies\Microsoft\Windows\Control Panel\Desktop'
function Get-Power($sub, $setting) {
  try { $text = (powercfg /query SCHEME_CURRENT $sub $setting) -join "`n" } catch { return $null }
  $values = [regex]::Matches($text, '0x[0-9a-fA-F]{8}') | ForEach-Object { [Convert]::ToInt64($_.Value, 16) }
  if ($values.Count -ge 2) { return @{ AC = $values[-2]; DC = $values[-1] } } else { return $null }
}
[pscustomobject]@{
  InactivityTimeoutSecs = Get-Val 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System' 'InactivityTimeoutSecs'
  PolicyScreenSaveActive = Get-Val $policy 'ScreenSaveActive'
  PolicyScreenSaverIsSecure = Get-Val $policy 'ScreenSaverIsSecure'
  PolicyScreenSaveTimeOut = Get-Val $policy 'ScreenSaveTimeOut'
  ScreenSaveActive = Get-Val $desk 'ScreenSaveActive'
  ScreenSaverIsSecure = Get-Val $desk 'ScreenSaverIsSecure'
  ScreenSaveTimeOut = Get-Val $desk 'ScreenSaveTimeOut'
  ScreenSaverExe = Get-Val $desk 'SCRNSAVE.EXE'
  SleepAfter = Get-Power 'SUB_SLEEP' 'STANDBYIDLE'
  PasswordOnWake = Get-Power 'SUB_NONE' 'CONSOLELOCK'
} | ConvertTo-Json -Depth 3 -Compress
  }
  $checks['screen-lock'] = $json | ConvertFrom-Json
} catch { $problems['screen-lock'] = $_.Exception.Message }
# END CHECK screen-lock

# BEGIN CHECK admin-accounts
try {
  $json = & {
$members = @(); $membersError = $null
try {
  $members = @(Get-LocalGroupMember -SID 'S-1-5-32-544' -ErrorAction Stop | ForEach-Object {
    [pscustomobject]@{ Name = $_.Name; ObjectClass = [string]$_.ObjectClass; PrincipalSource = [string]$_.PrincipalSource; SID = [string]$_.SID }
  })
} catch {
  $membersError = $_.Exception.Message
  try {
    $group = Get-CimInstance -ClassName Win32_Group -Filter "LocalAccount=True AND SID='S-1-5-32-544'" -ErrorAction Stop
    $members = @(Get-CimAssociatedInstance -InputObject $group -Association Win32_GroupUser -ErrorAction Stop | ForEach-Object {
      [pscustomobject]@{ Name = "$($_.Domain)\$($_.Name)"; ObjectClass = $_.CimClass.CimClassName; PrincipalSource = ''; SID = [string]$_.SID }
    })
  } catch { }
}
$builtin = $null
try {
  $account = Get-LocalUser -ErrorAction Stop | Where-Object { $_.SID.Value -like '*-500' } | Select-Object -First 1
  if ($account) { $builtin = [pscustomobject]@{ Name = $account.Name; Enabled = [bool]$account.Enabled } }
} catch { }
$identity = [Security.Principal.WindowsIdentity]::GetCurrent()
$groups = (whoami /groups) -join "`n"
[pscustomobject]@{
  Members = $members; MembersError = $membersError; BuiltinAdministrator = $builtin
  CurrentUser = $identity.Name; CurrentUserSid = [string]$identity.User.Value
  CurrentUserIsAdmin = [bool]($groups -match 'S-1-5-32-544')
  Elevated = (New-Object Security.Principal.WindowsPrincipal $identity).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
} | ConvertTo-Json -Depth 4 -Compress
  }
  $checks['admin-accounts'] = $json | ConvertFrom-Json
} catch { $problems['admin-accounts'] = $_.Exception.Message }
# END CHECK admin-accounts

# BEGIN CHECK auto-run
try {
  $json = & {
function Get-Val($path, $name) { try { (Get-ItemProperty -Path $path -Name $name -ErrorAction Stop).$name } catch { $null } }
$explorer = 'SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\Explorer'
[pscustomobject]@{
  MachineNoDriveTypeAutoRun = Get-Val "HKLM:\$explorer" 'NoDriveTypeAutoRun'
  UserNoDriveTypeAutoRun = Get-Val "HKCU:\$explorer" 'NoDriveTypeAutoRun'
  MachineNoAutorun = Get-Val "HKLM:\$explorer" 'NoAutorun'
  UserNoAutorun = Get-Val "HKCU:\$explorer" 'NoAutorun'
  DisableAutoplay = Get-Val 'HKCU:\Software\Microsoft\Windows\CurrentVersion\Explorer\AutoplayHandlers' 'DisableAutoplay'
} | ConvertTo-Json -Compress
  }
  $checks['auto-run'] = $json | ConvertFrom-Json
} catch { $problems['auto-run'] = $_.Exception.Message }
# END CHECK auto-run

$document = [ordered]@{
  format = 'psn-desktop-collector'
  format_version = 1
  platform = 'windows'
  computer_name = $env:COMPUTERNAME
  user = $env:USERNAME
  collected_at = (Get-Date).ToUniversalTime().ToString('o')
  checks = $checks
  problems = $problems
}
$text = $document | ConvertTo-Json -Depth 8
$name = ($env:COMPUTERNAME -replace '[^A-Za-z0-9_-]', '_') + '.psn-device.json'
$encoding = New-Object System.Text.UTF8Encoding $false
foreach ($folder in @($OutputFolder, [Environment]::GetFolderPath('Desktop'))) {
  if (-not $folder) { continue }
  try {
    $path = Join-Path $folder $name
    [System.IO.File]::WriteAllText($path, $text, $encoding)
    Write-Host "Saved $path"
    Write-Host 'Thank you. Take this file back to whoever runs PSN Desktop.'
    exit 0
  } catch { Write-Host "Could not save in ${folder}: $($_.Exception.Message)" }
}
Write-Host 'The result could not be saved anywhere. Ask your IT support for help.'
exit 1
