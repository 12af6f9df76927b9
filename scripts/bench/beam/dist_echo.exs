# genrepl benchmark twin of scripts/bench/dist-echo.js: the same echo round trips, from a BEAM
# node to the same Elixir peer (test/fixtures/beam-peer.exs): p50 of N sequential round trips,
# then round trips per second with WINDOW in flight (10 × N in all), after the same warm-up
# (2,000 sequential round trips, then N with WINDOW in flight).
# Usage: elixir --erl "+S 1:1" dist_echo.exs N WINDOW
defmodule Run do
  def seq(_echo, 0, acc), do: acc
  def seq(echo, i, acc) do
    t = System.monotonic_time(:nanosecond)
    send(echo, {self(), i})
    receive do ^i -> :ok end
    seq(echo, i - 1, [(System.monotonic_time(:nanosecond) - t) / 1000 | acc])
  end
  def window(echo, total, inflight) do
    for i <- 1..inflight, do: send(echo, {self(), i})
    drain(echo, total, inflight, 0)
  end
  defp drain(_echo, total, _sent, total), do: :ok
  defp drain(echo, total, sent, got) do
    receive do _ -> :ok end
    if sent < total, do: send(echo, {self(), sent + 1})
    drain(echo, total, min(sent + 1, total), got + 1)
  end
end

[n, window] = System.argv() |> Enum.map(&String.to_integer/1)
System.cmd("epmd", ["-daemon"], env: [{"ERL_EPMD_ADDRESS", "127.0.0.1"}])
# Names of this run's own: another run on the same machine (and its epmd) must not clash.
id = System.pid()
{:ok, _} = Node.start(:"bench_a#{id}@localhost", :shortnames)
Node.set_cookie(:benchcookie)
peer = :"bench_b#{id}@localhost"
script = Path.expand("../../../test/fixtures/beam-peer.exs", __DIR__)
port = Port.open({:spawn_executable, System.find_executable("elixir")}, [:binary, args: ["--erl", "+S 1:1", "--sname", Atom.to_string(peer), "--cookie", "benchcookie", script]])
{:os_pid, peer_os_pid} = Port.info(port, :os_pid)
kill_peer = fn -> System.cmd("kill", [to_string(peer_os_pid)], stderr_to_stdout: true) end
receive do {^port, {:data, "ready" <> _}} -> :ok after 30_000 -> kill_peer.(); raise "peer not ready" end
echo = {:echo, peer}

{lat, us} =
  try do
    Run.seq(echo, 2000, [])
    Run.window(echo, n, window)
    lat = Run.seq(echo, n, []) |> Enum.sort()
    {us, _} = :timer.tc(fn -> Run.window(echo, n * 10, window) end)
    {lat, us}
  after
    kill_peer.()
  end
p = fn q -> Enum.at(lat, min(n - 1, floor(q * n))) end
IO.puts("RESULT bench=dist_echo n=#{n} window=#{window} rtt_p50_us=#{Float.round(p.(0.5), 1)} rtt_p99_us=#{Float.round(p.(0.99), 1)} msgs_per_s=#{round(n * 10 / (us / 1.0e6))}")
