# genrepl benchmark twin: N processes each send_after(self(), :tick, DELAY); lateness of each tick.
# Usage: elixir --erl "+S 1:1" timers.exs N DELAY_MS
defmodule B do
  def worker(main, d) do
    t0 = System.monotonic_time(:microsecond)
    Process.send_after(self(), :tick, d)
    receive do :tick -> send(main, {:late, System.monotonic_time(:microsecond) - t0 - d * 1000}) end
  end
  def collect(0, acc), do: acc
  def collect(n, acc), do: (receive do {:late, l} -> collect(n - 1, [l | acc]) end)
end
[n, d] = Enum.map(System.argv(), &String.to_integer/1)
main = self()
for _ <- 1..n, do: spawn(fn -> B.worker(main, d) end)
late = B.collect(n, []) |> Enum.sort() |> List.to_tuple()
pct = fn p -> elem(late, min(n - 1, trunc(p * n))) / 1000 end
IO.puts("RESULT bench=timers n=#{n} delay_ms=#{d} late_p50_ms=#{pct.(0.5)} late_p99_ms=#{pct.(0.99)} late_max_ms=#{elem(late, n - 1) / 1000}")
