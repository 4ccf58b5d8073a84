# PSN Desktop check 'last-update': read-only, no admin rights needed. Prints one JSON object.
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
