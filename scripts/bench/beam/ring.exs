# genrepl benchmark twin: a ring of SIZE processes passing {:token, n, main} HOPS times.
# Usage: elixir --erl "+S 1:1" ring.exs SIZE HOPS
defmodule B do
  def node_start, do: (receive do {:next, nx} -> loop(nx) end)
  def loop(nx) do
    receive do
      {:token, 0, main} -> send(main, :done); loop(nx)
      {:token, n, main} -> send(nx, {:token, n - 1, main}); loop(nx)
    end
  end
end
[size, hops] = Enum.map(System.argv(), &String.to_integer/1)
pids = for _ <- 1..size, do: spawn(&B.node_start/0)
Enum.zip(pids, tl(pids) ++ [hd(pids)]) |> Enum.each(fn {p, nx} -> send(p, {:next, nx}) end)
{us, _} = :timer.tc(fn -> send(hd(pids), {:token, hops, self()}); receive do :done -> :ok end end)
IO.puts("RESULT bench=ring size=#{size} hops=#{hops} us=#{us} msgs_per_s=#{round(hops / (us / 1.0e6))}")
