# PSN Desktop check 'auto-run': read-only, no admin rights needed. Prints one JSON object.
function Get-Val($path, $name) { try { (Get-ItemProperty -Path $path -Name $name -ErrorAction Stop).$name } catch { $null } }
$explorer = 'SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\Explorer'
[pscustomobject]@{
  MachineNoDriveTypeAutoRun = Get-Val "HKLM:\$explorer" 'NoDriveTypeAutoRun'
  UserNoDriveTypeAutoRun = Get-Val "HKCU:\$explorer" 'NoDriveTypeAutoRun'
  MachineNoAutorun = Get-Val "HKLM:\$explorer" 'NoAutorun'
  UserNoAutorun = Get-Val "HKCU:\$explorer" 'NoAutorun'
  DisableAutoplay = Get-Val 'HKCU:\Software\Microsoft\Windows\CurrentVersion\Explorer\AutoplayHandlers' 'DisableAutoplay'
} | ConvertTo-Json -Compress
