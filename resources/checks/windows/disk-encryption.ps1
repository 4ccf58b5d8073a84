# PSN Desktop check 'disk-encryption': read-only, no admin rights needed. Prints one JSON object.
$drive = $env:SystemDrive
$shell = $null; $shellError = $null
try { $shell = (New-Object -ComObject Shell.Application).NameSpace($drive + '\').Self.ExtendedProperty('System.Volume.BitLockerProtection') } catch { $shellError = $_.Exception.Message }
$volume = $null; $volumeError = $null
try {
  $v = Get-BitLockerVolume -MountPoint $drive -ErrorAction Stop
  $volume = [pscustomobject]@{ ProtectionStatus = [string]$v.ProtectionStatus; VolumeStatus = [string]$v.VolumeStatus; EncryptionPercentage = $v.EncryptionPercentage; EncryptionMethod = [string]$v.EncryptionMethod }
} catch { $volumeError = $_.Exception.Message }
[pscustomobject]@{ SystemDrive = $drive; ShellProtection = $shell; ShellError = $shellError; BitLocker = $volume; BitLockerError = $volumeError } | ConvertTo-Json -Depth 3 -Compress
