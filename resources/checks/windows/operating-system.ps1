# PSN Desktop check 'operating-system': read-only, no admin rights needed. Prints one JSON object.
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
