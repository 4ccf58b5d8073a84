# PSN Desktop check 'screen-lock': read-only, no admin rights needed. Prints one JSON object.
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
